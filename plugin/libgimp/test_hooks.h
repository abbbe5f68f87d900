// Test-only automation of a dialog, so that tests in a headless GIMP (Xvfb) cannot hang on it;
// one source for GTK 2 (GIMP 2.10) and GTK 3 (GIMP 3):
//   CYCLEGAN_TEST_AUTO_OK=1           press OK by itself shortly after the dialog is shown (Cancel
//                                     when OK is disabled, as a user could not press it);
//   CYCLEGAN_TEST_SCREENSHOT=out.png  before that, save a PNG of the dialog window;
//   CYCLEGAN_TEST_STOP_SCREENSHOT=out.png  a PNG of the training window as Stop is pressed;
//   CYCLEGAN_TEST_OPEN_FOLDER=1       press the dialog's Open Folder button once it is shown;
//   CYCLEGAN_TEST_PREVIEW_LOG=log.txt append how long each preview took to appear, and the
//                                     longest the dialog's main loop went unserved (bench/);
//   CYCLEGAN_TEST_WINDOW_TEXT=log.txt append what the training window says on Stop and at the end,
//                                     every question the plug-in asks, and a dialog's labels and
//                                     whether OK could be pressed, as AUTO_OK presses it;
//   CYCLEGAN_TEST_ANSWER=accept|decline|close  answer a question (after CYCLEGAN_TEST_QUESTION_SCREENSHOT=out.png).
// Without those variables it does nothing.
#pragma once

#include <gtk/gtk.h>

namespace cyclegan::plugin {

void arm_test_hooks(GtkDialog* dialog);

// When CYCLEGAN_TEST_ANSWER is set: answers the question `dialog` shortly after it is shown,
// with `accept` or `decline`, or closes it ("close").
void arm_test_answer(GtkDialog* dialog, int accept, int decline);

// Whether the test hook `variable` is set (and not "0").
bool test_hook_set(const char* variable);

// When the environment variable `variable` is set (and not "0"): clicks `button` once, as soon
// as the main loop runs.
void arm_test_click(GtkWidget* button, const char* variable);

// When the environment variable `variable` names a file: appends `line` and a newline to it.
void append_test_log(const char* variable, const char* line);

// When the environment variable `variable` names a file: draws what is pending, then saves a PNG
// of `widget`'s window there.
void save_test_screenshot(GtkWidget* widget, const char* variable);

}  // namespace cyclegan::plugin
