// The few GTK calls that GTK 2 (GIMP 2.10) and GTK 3 (GIMP 3) spell differently, once, so the
// widgets in plugin/libgimp/ compile against either without #if at every box and label.
#pragma once

#include <gtk/gtk.h>

namespace cyclegan::plugin {

inline GtkWidget* hbox(int spacing) {
#if GTK_CHECK_VERSION(3, 0, 0)
  return gtk_box_new(GTK_ORIENTATION_HORIZONTAL, spacing);
#else
  return gtk_hbox_new(FALSE, spacing);
#endif
}

inline GtkWidget* vbox(int spacing) {
#if GTK_CHECK_VERSION(3, 0, 0)
  return gtk_box_new(GTK_ORIENTATION_VERTICAL, spacing);
#else
  return gtk_vbox_new(FALSE, spacing);
#endif
}

inline void align_left(GtkWidget* label) {
#if GTK_CHECK_VERSION(3, 16, 0)
  gtk_label_set_xalign(GTK_LABEL(label), 0.0);
#else
  gtk_misc_set_alignment(GTK_MISC(label), 0.0, 0.5);
#endif
}

}  // namespace cyclegan::plugin
