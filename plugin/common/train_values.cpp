#include "plugin/common/train_values.h"

#include <cmath>
#include <cstring>

#include <glib.h>

#include "core/gpu.h"
#include "plugin/common/i18n.h"

namespace cyclegan::plugin {

void TrainValues::set(char* field, size_t size, const std::string& value) {
  std::memset(field, 0, size);
  std::strncpy(field, value.c_str(), size - 1);
}

std::string preset_name(int preset) {
  switch (preset) {
    case 0: return "quick";
    case 1: return "paper";
    default: return "";
  }
}

std::string preset_description(int preset) {
  switch (preset) {
    case 0:
      return _("Made for a CPU: a colour or tone look (sepia, a grade, black and white) shows within "
               "minutes; textures such as stripes or brush strokes need an hour or more. Start with "
               "10 to 30 minutes.");
    case 1: {
      std::string text = _("The original paper's networks at 256 pixels. Needs a graphics card (GPU): about a "
                           "day there for 200 epochs, and far too slow to be useful on a CPU.");
      if (!gpu_available())
        text += std::string(" ") + _("No graphics card is usable here, so it would train on the CPU: choose quick.");
      return text;
    }
    default:
      return "";
  }
}

std::string validate(const TrainValues& values) {
  if (values.source_a[0] == '\0' || values.source_b[0] == '\0')
    return _("Give both training sources: a layer group, an open image or a folder for each domain.");
  if (std::strcmp(values.source_a, values.source_b) == 0)
    return _("The two training sources are the same: give one source per domain.");
  const std::string name = values.model_name;
  if (name.empty()) return _("Give the new model a name.");
  if (name.find(G_DIR_SEPARATOR) != std::string::npos || name == "." || name == "..")
    return format(_("The model name \"%s\" cannot contain \"/\": it becomes a file name."), name.c_str());
  if (!(values.minutes > 0) || values.minutes > 60 * 24 * 30)
    return format(_("The time budget must be between a few seconds and 30 days, not %g minutes."),
                  values.minutes);
  if (preset_name(values.preset).empty())
    return format(_("The preset must be 0 (quick) or 1 (paper), not %d."), values.preset);
  if (values.image_size != 0 && (values.image_size < kMinTrainImageSide || values.image_size > 1024))
    return format(_("The training size must be 0 (the preset's) or between %d and 1024 pixels, not %d."),
                  kMinTrainImageSide, values.image_size);
  return "";
}

std::string model_output_path(const std::string& models_folder, const std::string& model_name) {
  gchar* file = g_strconcat(model_name.c_str(), ".cgan", nullptr);
  gchar* path = g_build_filename(models_folder.c_str(), file, nullptr);
  std::string result = path;
  g_free(path);
  g_free(file);
  return result;
}

std::string training_summary(size_t count_a, const std::string& domain_a, size_t count_b,
                             const std::string& domain_b, double minutes, double seconds_per_iteration) {
  std::string text = format(_("%zu %s, %zu %s images"), count_a, domain_a.c_str(), count_b, domain_b.c_str());
  if (seconds_per_iteration > 0) {
    const long long iterations = std::llround(minutes * 60 / seconds_per_iteration);
    text += format(_("; ~%.2g s per iteration; %g min ≈ %lld iterations"), seconds_per_iteration, minutes,
                   iterations);
  } else {
    text += format(_("; %g min (the speed is measured on the first run)"), minutes);
  }
  return text;
}

std::string training_progress_text(int64_t iteration, double eta_seconds) {
  const std::string left = eta_seconds >= 90 ? format(_("about %.0f min left"), eta_seconds / 60)
                                             : format(_("about %.0f s left"), eta_seconds);
  return format(_("Iteration %lld, %s"), static_cast<long long>(iteration), left.c_str());
}

std::string training_pace_text(double elapsed_seconds, double iterations_per_second) {
  const long long seconds = static_cast<long long>(elapsed_seconds);
  const std::string clock = format("%lld:%02lld", seconds / 60, seconds % 60);
  return format(_("%s elapsed, %.1f iterations per second"), clock.c_str(), iterations_per_second);
}

}  // namespace cyclegan::plugin
