#include "plugin/gimp3/training_window.h"

#include "plugin/common/i18n.h"

namespace cyclegan::plugin::gimp3 {
namespace {

void on_stop(GtkWidget*, gpointer flag) { *static_cast<bool*>(flag) = true; }

// Closing the window is Stop too (the model is kept), never a silent kill.
gboolean on_delete(GtkWidget*, GdkEvent*, gpointer flag) {
  *static_cast<bool*>(flag) = true;
  return TRUE;
}

}  // namespace

TrainingWindow::TrainingWindow(const std::string& title) {
  window_ = gtk_window_new(GTK_WINDOW_TOPLEVEL);
  gtk_window_set_title(GTK_WINDOW(window_), title.c_str());
  gtk_window_set_default_size(GTK_WINDOW(window_), 420, -1);
  GtkWidget* box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
  gtk_container_set_border_width(GTK_CONTAINER(box), 12);
  gtk_container_add(GTK_CONTAINER(window_), box);
  bar_ = gtk_progress_bar_new();
  gtk_progress_bar_set_show_text(GTK_PROGRESS_BAR(bar_), TRUE);
  gtk_box_pack_start(GTK_BOX(box), bar_, FALSE, FALSE, 0);
  GtkWidget* hint = gtk_label_new(_("Stop keeps the model trained so far."));
  gtk_label_set_xalign(GTK_LABEL(hint), 0.0);
  gtk_box_pack_start(GTK_BOX(box), hint, FALSE, FALSE, 0);
  GtkWidget* stop = gtk_button_new_with_mnemonic(_("_Stop"));
  gtk_widget_set_halign(stop, GTK_ALIGN_END);
  gtk_box_pack_start(GTK_BOX(box), stop, FALSE, FALSE, 0);
  g_signal_connect(stop, "clicked", G_CALLBACK(on_stop), &stop_);
  g_signal_connect(window_, "delete-event", G_CALLBACK(on_delete), &stop_);
  gtk_widget_show_all(window_);
}

TrainingWindow::~TrainingWindow() { gtk_widget_destroy(window_); }

void TrainingWindow::update(double fraction, const std::string& text) {
  gtk_progress_bar_set_fraction(GTK_PROGRESS_BAR(bar_), CLAMP(fraction, 0.0, 1.0));
  gtk_progress_bar_set_text(GTK_PROGRESS_BAR(bar_), text.c_str());
}

bool TrainingWindow::stop_requested() {
  while (gtk_events_pending()) gtk_main_iteration();
  return stop_;
}

}  // namespace cyclegan::plugin::gimp3
