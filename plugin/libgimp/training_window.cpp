#include "plugin/libgimp/training_window.h"

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "core/loss_plot.h"
#include "plugin/common/i18n.h"
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
}

namespace {

void on_stop(GtkWidget*, gpointer window) { static_cast<TrainingWindow*>(window)->request_stop(); }

gboolean on_delete(GtkWidget*, GdkEvent*, gpointer window) {
  static_cast<TrainingWindow*>(window)->request_stop();  // closing the window means Stop, never "kill"
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

void align_left(GtkWidget* label) {
#if GTK_CHECK_VERSION(3, 16, 0)
  gtk_label_set_xalign(GTK_LABEL(label), 0.0);
#else
  gtk_misc_set_alignment(GTK_MISC(label), 0.0, 0.5);
#endif
}

}  // namespace

TrainingWindow::TrainingWindow(const std::string& title) {
  window_ = gtk_window_new(GTK_WINDOW_TOPLEVEL);
  gtk_window_set_title(GTK_WINDOW(window_), title.c_str());
  gtk_window_set_default_size(GTK_WINDOW(window_), 2 * kSamplesWidth + 36, -1);
#if GTK_CHECK_VERSION(3, 0, 0)
  GtkWidget* box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
#else
  gimp_window_set_transient(GTK_WINDOW(window_));
  GtkWidget* box = gtk_vbox_new(FALSE, 12);
#endif
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
#if GTK_CHECK_VERSION(3, 0, 0)
  GtkWidget* pictures = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
#else
  GtkWidget* pictures = gtk_hbox_new(FALSE, 12);
#endif
  gtk_box_pack_start(GTK_BOX(pictures), samples_, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(pictures), losses_, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(box), pictures, FALSE, FALSE, 0);
  GtkWidget* hint = gtk_label_new(_("Stop keeps the model trained so far."));
  align_left(hint);
  gtk_box_pack_start(GTK_BOX(box), hint, FALSE, FALSE, 0);
  GtkWidget* stop = stop_button_ = gtk_button_new_with_mnemonic(_("_Stop"));
#if GTK_CHECK_VERSION(3, 0, 0)
  gtk_widget_set_halign(stop, GTK_ALIGN_END);
  gtk_box_pack_start(GTK_BOX(box), stop, FALSE, FALSE, 0);
#else
  GtkWidget* buttons = gtk_hbutton_box_new();
  gtk_button_box_set_layout(GTK_BUTTON_BOX(buttons), GTK_BUTTONBOX_END);
  gtk_container_add(GTK_CONTAINER(buttons), stop);
  gtk_box_pack_start(GTK_BOX(box), buttons, FALSE, FALSE, 0);
#endif
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

bool TrainingWindow::stop_requested() {
  while (gtk_events_pending()) gtk_main_iteration();
  return stop_;
}

}  // namespace cyclegan::plugin
