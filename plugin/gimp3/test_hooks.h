// Test-only automation of a dialog (GTK 3), the same variables as plugin/gimp2/test_hooks.h:
//   CYCLEGAN_TEST_AUTO_OK=1           press OK by itself shortly after the dialog is shown;
//   CYCLEGAN_TEST_SCREENSHOT=out.png  before that, save a PNG of the dialog window.
// Without those variables it does nothing.
#pragma once

#include <gtk/gtk.h>

namespace cyclegan::plugin::gimp3 {

void arm_test_hooks(GtkDialog* dialog);

}  // namespace cyclegan::plugin::gimp3
