// The GimpHost members whose libgimp calls are spelled the same in GIMP 2.10 and GIMP 3:
// progress, messages, the training window, the profile folder, display refresh.
#include <libgimp/gimp.h>

#include "plugin/common/host.h"
#include "plugin/libgimp/training_window.h"

namespace cyclegan::plugin {

void GimpHost::progress_start(const std::string& text) { gimp_progress_init(text.c_str()); }

void GimpHost::progress(double fraction, const std::string& text) {
  gimp_progress_update(fraction);
  if (!text.empty()) gimp_progress_set_text(text.c_str());
}

void GimpHost::message(const std::string& text) { g_message("%s", text.c_str()); }

std::unique_ptr<StopWindow> GimpHost::stop_window(const std::string& title) {
  return std::make_unique<TrainingWindow>(title);
}

std::string GimpHost::gimp_directory() const { return ::gimp_directory(); }

void GimpHost::flush_displays() { gimp_displays_flush(); }

}  // namespace cyclegan::plugin
