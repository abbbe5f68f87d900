// GimpHost::ask: a question before the work starts, as a small modal window over GIMP's own.
#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "base/errors.h"
#include "plugin/common/host.h"
#include "plugin/common/i18n.h"
#include "plugin/libgimp/test_hooks.h"

namespace cyclegan::plugin {
namespace {
enum Answer { kDecline = 1, kAccept = 2 };
}  // namespace

bool GimpHost::ask(const std::string& question, const std::string& accept, const std::string& decline) {
  GtkWidget* dialog = gtk_message_dialog_new(nullptr, GTK_DIALOG_MODAL, GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                             "%s", question.c_str());
  gtk_window_set_title(GTK_WINDOW(dialog), _("CycleGAN Translate"));
  gtk_dialog_add_buttons(GTK_DIALOG(dialog), decline.c_str(), kDecline, accept.c_str(), kAccept, nullptr);
  gtk_dialog_set_default_response(GTK_DIALOG(dialog), kAccept);
  gimp_window_set_transient(GTK_WINDOW(dialog));
  append_test_log("CYCLEGAN_TEST_WINDOW_TEXT", ("question: " + question).c_str());
  arm_test_answer(GTK_DIALOG(dialog), kAccept, kDecline);
  const int answer = gtk_dialog_run(GTK_DIALOG(dialog));
  gtk_widget_destroy(dialog);
  if (answer != kAccept && answer != kDecline) throw Cancelled();
  return answer == kAccept;
}

}  // namespace cyclegan::plugin
