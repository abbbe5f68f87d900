#include "plugin/libgimp/training_window.h"

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include <functional>
#include <string>

#include "core/loss_plot.h"
#include "plugin/common/i18n.h"
#include "plugin/libgimp/gtk_compat.h"
#include "plugin/libgimp/test_hooks.h"

namespace cyclegan::plugin {

// The sample sheet is fitted into this box, and the loss plot drawn at its size beside it: a
// height that keeps the window on a small screen.
constexpr int kSamplesWidth = 396;
constexpr int kSamplesHeight = 320;

// The trainer finishes its iteration and saves before it returns: say so at once.
void TrainingWindow::request_stop() {
  if (stop_) return;
  stop_ = true;
  gtk_widget_set_sensitive(stop_button_, FALSE);
  gtk_button_set_label(GTK_BUTTON(stop_button_), _("Stopping…"));
  gtk_progress_bar_set_text(GTK_PROGRESS_BAR(bar_), _("Stopping: saving the model trained so far…"));
  save_test_screenshot(window_, "CYCLEGAN_TEST_STOP_SCREENSHOT");
  append_test_log("CYCLEGAN_TEST_WINDOW_TEXT", (std::string("stop button: ") + gtk_button_get_label(GTK_BUTTON(stop_button_))).c_str());
}

namespace {

void on_stop(GtkWidget*, gpointer window) { static_cast<TrainingWindow*>(window)->request_stop(); }

gboolean on_delete(GtkWidget*, GdkEvent*, gpointer window) {
  static_cast<TrainingWindow*>(window)->close_or_stop();  // while training it means Stop, never "kill"
  return TRUE;
}

GdkPixbuf* pixbuf_from(const PixelBuffer& rgb) {
  GdkPixbuf* pixbuf = gdk_pixbuf_new(GDK_COLORSPACE_RGB, FALSE, 8, rgb.width, rgb.height);
  if (!pixbuf) return nullptr;
  guchar* pixels = gdk_pixbuf_get_pixels(pixbuf);
  const int stride = gdk_pixbuf_get_rowstride(pixbuf);
  for (int y = 0; y < rgb.height; ++y)
    for (int x = 0; x < rgb.width * 3; ++x)
      pixels[y * stride + x] = static_cast<guchar>(
          CLAMP(rgb.data[static_cast<size_t>(y) * rgb.width * 3 + x], 0.0f, 1.0f) * 255.0f + 0.5f);
  return pixbuf;
}

void on_open_samples(GtkWidget* button, gpointer open) {
  (*static_cast<const std::function<void()>*>(open))();
  gtk_widget_set_sensitive(button, FALSE);  // once: a second click would open a second copy
}

void on_close(GtkWidget*, gpointer closed) { *static_cast<bool*>(closed) = true; }

}  // namespace

TrainingWindow::TrainingWindow(const std::string& title) {
  window_ = gtk_window_new(GTK_WINDOW_TOPLEVEL);
  gtk_window_set_title(GTK_WINDOW(window_), title.c_str());
  gtk_window_set_default_size(GTK_WINDOW(window_), 2 * kSamplesWidth + 36, -1);
  // Over the image window the training was started from, not at the screen's corner.
  gimp_window_set_transient(GTK_WINDOW(window_));
  GtkWidget* box = box_ = vbox(12);
  gtk_container_set_border_width(GTK_CONTAINER(box), 12);
  gtk_container_add(GTK_CONTAINER(window_), box);
  bar_ = gtk_progress_bar_new();
#if GTK_CHECK_VERSION(3, 0, 0)
  gtk_progress_bar_set_show_text(GTK_PROGRESS_BAR(bar_), TRUE);
#endif
  gtk_box_pack_start(GTK_BOX(box), bar_, FALSE, FALSE, 0);
  pace_ = gtk_label_new(nullptr);
  align_left(pace_);
  gtk_box_pack_start(GTK_BOX(box), pace_, FALSE, FALSE, 0);
  samples_ = gtk_image_new();
  gtk_widget_set_size_request(samples_, kSamplesWidth, kSamplesHeight);  // no jump when the first sheet comes
  gtk_widget_set_tooltip_text(samples_, _("Columns: training images. Rows: real A, G(A), F(G(A)); real B, F(B), "
                                          "G(F(B))."));
  losses_ = gtk_image_new();
  gtk_widget_set_size_request(losses_, kSamplesWidth, kSamplesHeight);
  gtk_widget_set_tooltip_text(losses_, _("Losses so far. The discriminators' (D) and the generators' (G) should "
                                         "stay of the same size; the cycle losses should fall."));
  GtkWidget* pictures = hbox(12);
  gtk_box_pack_start(GTK_BOX(pictures), samples_, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(pictures), losses_, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(box), pictures, FALSE, FALSE, 0);
  // While training: a hint and Stop, on one row; show_outcome replaces the row.
  running_ = hbox(12);
  GtkWidget* hint = gtk_label_new(_("Stop keeps the model trained so far."));
  align_left(hint);
  gtk_box_pack_start(GTK_BOX(running_), hint, TRUE, TRUE, 0);
  GtkWidget* stop = stop_button_ = gtk_button_new_with_mnemonic(_("_Stop"));
  gtk_box_pack_end(GTK_BOX(running_), stop, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(box), running_, FALSE, FALSE, 0);
  g_signal_connect(stop, "clicked", G_CALLBACK(on_stop), this);
  g_signal_connect(window_, "delete-event", G_CALLBACK(on_delete), this);
  gtk_widget_show_all(window_);
}

TrainingWindow::~TrainingWindow() { gtk_widget_destroy(window_); }

void TrainingWindow::update(double fraction, const std::string& status, const std::string& pace) {
  gtk_progress_bar_set_fraction(GTK_PROGRESS_BAR(bar_), CLAMP(fraction, 0.0, 1.0));
  if (!stop_) gtk_progress_bar_set_text(GTK_PROGRESS_BAR(bar_), status.c_str());
  gtk_label_set_text(GTK_LABEL(pace_), pace.c_str());
}

// The sheet fitted into the samples box; a sheet caught half-written is skipped until the next.
void TrainingWindow::show_samples(const std::string& png_path) {
  GdkPixbuf* sheet = gdk_pixbuf_new_from_file_at_size(png_path.c_str(), kSamplesWidth, kSamplesHeight, nullptr);
  if (!sheet) return;
  gtk_image_set_from_pixbuf(GTK_IMAGE(samples_), sheet);
  g_object_unref(sheet);
}

void TrainingWindow::show_losses(const std::vector<LossRecord>& records) {
  LossPlotOptions size;
  size.width = kSamplesWidth;
  size.height = kSamplesHeight;
  GdkPixbuf* plot = pixbuf_from(plot_losses(records, size));
  if (!plot) return;
  gtk_image_set_from_pixbuf(GTK_IMAGE(losses_), plot);
  g_object_unref(plot);
}

void TrainingWindow::close_or_stop() {
  if (finished_)
    closed_ = true;
  else
    request_stop();
}

void TrainingWindow::show_outcome(const std::string& outcome, bool warning, const std::function<void()>& open_samples) {
  finished_ = true;
  gtk_widget_hide(running_);
  gtk_progress_bar_set_fraction(GTK_PROGRESS_BAR(bar_), 1.0);
  gtk_progress_bar_set_text(GTK_PROGRESS_BAR(bar_), _("Training is over"));

  GtkWidget* message = hbox(12);
  GtkWidget* icon = gtk_image_new_from_icon_name(warning ? "dialog-warning" : "dialog-information",
                                                 GTK_ICON_SIZE_DIALOG);
  gtk_box_pack_start(GTK_BOX(message), icon, FALSE, FALSE, 0);
  GtkWidget* text = gtk_label_new(outcome.c_str());
  gtk_label_set_line_wrap(GTK_LABEL(text), TRUE);
  gtk_label_set_selectable(GTK_LABEL(text), TRUE);  // the path can be copied
  align_left(text);
  gtk_box_pack_start(GTK_BOX(message), text, TRUE, TRUE, 0);
  gtk_box_pack_start(GTK_BOX(box_), message, FALSE, FALSE, 0);

  GtkWidget* buttons = hbox(6);
  GtkWidget* close = gtk_button_new_with_mnemonic(_("_Close"));
  gtk_box_pack_end(GTK_BOX(buttons), close, FALSE, FALSE, 0);
  g_signal_connect(close, "clicked", G_CALLBACK(on_close), &closed_);
  GtkWidget* samples = nullptr;
  if (open_samples) {
    samples = gtk_button_new_with_mnemonic(_("Open the _Sample Sheet"));
    gtk_widget_set_tooltip_text(samples, _("As a new image: rows real A, G(A), F(G(A)), real B, F(B), G(F(B))."));
    gtk_box_pack_end(GTK_BOX(buttons), samples, FALSE, FALSE, 0);
    g_signal_connect(samples, "clicked", G_CALLBACK(on_open_samples), const_cast<std::function<void()>*>(&open_samples));
  }
  gtk_box_pack_start(GTK_BOX(box_), buttons, FALSE, FALSE, 0);
  gtk_widget_show_all(message);
  gtk_widget_show_all(buttons);
  gtk_widget_grab_focus(close);

  // Tests photograph the outcome, may ask for the samples, and close it (CYCLEGAN_TEST_AUTO_OK).
  save_test_screenshot(window_, "CYCLEGAN_TEST_OUTCOME_SCREENSHOT");
  append_test_log("CYCLEGAN_TEST_WINDOW_TEXT",
                  ((warning ? "outcome (warning): " : "outcome (information): ") + outcome).c_str());
  if (samples && test_hook_set("CYCLEGAN_TEST_OPEN_SAMPLES")) gtk_button_clicked(GTK_BUTTON(samples));
  if (test_hook_set("CYCLEGAN_TEST_AUTO_OK")) closed_ = true;
  while (!closed_) gtk_main_iteration();
}

bool TrainingWindow::stop_requested() {
  while (gtk_events_pending()) gtk_main_iteration();
  return stop_;
}

}  // namespace cyclegan::plugin
