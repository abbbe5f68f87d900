#include "plugin/libgimp/translate_preview.h"

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "plugin/common/i18n.h"
#include "plugin/common/translate_preview.h"
#include "plugin/libgimp/gimp_refs.h"
#include "plugin/libgimp/gtk_compat.h"
#include "plugin/libgimp/test_hooks.h"

namespace cyclegan::plugin {

struct PreviewRequest {
  uint64_t generation = 0;
  gint64 asked_at = 0;  // g_get_monotonic_time() when the view asked for it
  RegionPixels region;
  Model model;
  TranslateParams params;
  bool split = false;
};

// One thread that translates the latest request. A newer request (or cancel) makes the one in
// progress stop at its next tile; results reach GIMP's thread through the main loop and are
// drawn only if nothing newer was asked for meanwhile.
class PreviewWorker : public std::enable_shared_from_this<PreviewWorker> {
 public:
  // Runs on GIMP's thread, with the seconds since the view asked for this image.
  using Draw = std::function<void(const PreviewImage&, double seconds)>;

  explicit PreviewWorker(Draw draw) : draw_(std::move(draw)) {}

  void submit(PreviewRequest request) {
    request.generation = ++latest_;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      pending_ = std::move(request);
      if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
    }
    wake_.notify_one();
  }

  void cancel() { ++latest_; }

  // Cancels, waits for the thread, and draws nothing after that.
  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    ++latest_;
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
    draw_ = nullptr;
  }

 private:
  struct Delivery {
    std::shared_ptr<PreviewWorker> worker;
    uint64_t generation;
    gint64 asked_at;
    PreviewImage image;
  };

  static gboolean deliver(gpointer data) {
    std::unique_ptr<Delivery> delivery(static_cast<Delivery*>(data));
    PreviewWorker& worker = *delivery->worker;
    if (worker.draw_ && delivery->generation == worker.latest_)
      worker.draw_(delivery->image, static_cast<double>(g_get_monotonic_time() - delivery->asked_at) / G_USEC_PER_SEC);
    return FALSE;  // once
  }

  void run() {
    for (;;) {
      PreviewRequest request;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [this] { return stopping_ || pending_.has_value(); });
        if (stopping_) return;
        request = std::move(*pending_);
        pending_.reset();
      }
      Callbacks callbacks;
      callbacks.should_cancel = [this, &request] { return latest_ != request.generation; };
      try {
        PreviewImage image = preview_translated(request.region, request.model, request.params, request.split, callbacks);
        g_idle_add(deliver, new Delivery{shared_from_this(), request.generation, request.asked_at, std::move(image)});
      } catch (...) {
        // Cancelled (a newer request follows), or a model for another direction or out of
        // memory: the view keeps showing the layer as it is.
      }
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<PreviewRequest> pending_;
  bool stopping_ = false;
  std::atomic<uint64_t> latest_{0};
  std::thread thread_;
  Draw draw_;
};

namespace {

// Test hook: CYCLEGAN_TEST_PREVIEW_DUMP=out.png saves each translated preview an RGB drawable
// gets, so a test can compare what the preview shows with the real result.
void dump_for_tests(const PreviewImage& image) {
  const char* path = std::getenv("CYCLEGAN_TEST_PREVIEW_DUMP");
  if (!path || !*path || image.channels < 3) return;
  GdkPixbuf* pixbuf = gdk_pixbuf_new_from_data(image.bytes.data(), GDK_COLORSPACE_RGB, image.channels == 4, 8,
                                               image.width, image.height, image.width * image.channels, nullptr,
                                               nullptr);
  gdk_pixbuf_save(pixbuf, path, "png", nullptr, nullptr);
  g_object_unref(pixbuf);
}

// Test hook: CYCLEGAN_TEST_PREVIEW_LOG=log.txt records how long each preview took to appear.
// `seconds` from the view's request, `since_open` from the preview's creation (with the model's loading).
void log_for_tests(const PreviewImage& image, double seconds, double since_open) {
  char line[160];
  std::snprintf(line, sizeof line, "preview %dx%d shown %.3f s after it was asked for, %.3f s after the dialog opened",
                image.width, image.height, seconds, since_open);
  append_test_log("CYCLEGAN_TEST_PREVIEW_LOG", line);
}

void draw(GtkWidget* preview, const PreviewImage& image) {
  gimp_preview_draw_buffer(GIMP_PREVIEW(preview), image.bytes.data(), image.width * image.channels);
}

}  // namespace

TranslatePreview::TranslatePreview(const Host& host, ItemId drawable)
    : host_(host), drawable_(drawable), created_at_(g_get_monotonic_time()) {
#if GIMP_MAJOR_VERSION >= 3
  preview_ = gimp_drawable_preview_new_from_drawable(drawable_of(drawable));
#else
  preview_ = gimp_drawable_preview_new_from_drawable_id(drawable_of(drawable));
#endif
  box_ = vbox(4);
  gtk_box_pack_start(GTK_BOX(box_), preview_, FALSE, FALSE, 0);
  GtkWidget* split = gtk_check_button_new_with_mnemonic(_("_Split view (left: as it is)"));
  gtk_box_pack_start(GTK_BOX(box_), split, FALSE, FALSE, 0);
  // What the chosen model learned: its last sample sheet, when one was kept beside it.
  sheet_ = gtk_image_new();
  gtk_widget_set_tooltip_text(sheet_, _("The model's last sample sheet: rows real A, G(A), F(G(A)), real B, F(B), "
                                        "G(F(B))."));
  gtk_box_pack_start(GTK_BOX(box_), sheet_, FALSE, FALSE, 0);
  gtk_widget_show(preview_);
  gtk_widget_show(split);
  worker_ = std::make_shared<PreviewWorker>([this](const PreviewImage& image, double seconds) {
    if (!gimp_preview_get_update(GIMP_PREVIEW(preview_))) return;  // "Preview" was unticked meanwhile
    draw(preview_, image);
    dump_for_tests(image);
    log_for_tests(image, seconds, static_cast<double>(g_get_monotonic_time() - created_at_) / G_USEC_PER_SEC);
  });
  if (test_hook_set("CYCLEGAN_TEST_PREVIEW_LOG")) {
    // How responsive the dialog stays while previews are computed: a tick every 10 ms, and the
    // longest gap between two, written when the dialog closes.
    last_tick_ = g_get_monotonic_time();
    ticker_ = g_timeout_add(kTickMs, on_tick, this);
  }
  g_signal_connect(preview_, "invalidated", G_CALLBACK(on_invalidated), this);
  g_signal_connect(split, "toggled", G_CALLBACK(on_split_toggled), this);
}

TranslatePreview::~TranslatePreview() {
  worker_->stop();
  if (ticker_) {
    g_source_remove(ticker_);
    char line[128];
    std::snprintf(line, sizeof line, "longest main-loop stall %.3f s", longest_stall_);
    append_test_log("CYCLEGAN_TEST_PREVIEW_LOG", line);
  }
}

gboolean TranslatePreview::on_tick(gpointer self) {
  auto* preview = static_cast<TranslatePreview*>(self);
  const gint64 now = g_get_monotonic_time();
  const double late = static_cast<double>(now - preview->last_tick_) / G_USEC_PER_SEC - kTickMs / 1000.0;
  preview->longest_stall_ = std::max(preview->longest_stall_, late);
  preview->last_tick_ = now;
  return G_SOURCE_CONTINUE;
}

void TranslatePreview::on_invalidated(GtkWidget*, gpointer self) { static_cast<TranslatePreview*>(self)->render(); }

void TranslatePreview::on_split_toggled(GtkToggleButton* button, gpointer self) {
  auto* preview = static_cast<TranslatePreview*>(self);
  preview->split_ = gtk_toggle_button_get_active(button);
  gimp_preview_invalidate(GIMP_PREVIEW(preview->preview_));
}

void TranslatePreview::show(const std::string& model_path, const TranslateParams& params) {
  if (model_path != model_path_) {
    model_path_ = model_path;
    show_sample_sheet();
    usable_ = false;
    try {
      if (!model_path.empty()) {
        model_ = Model::open(model_path);
        usable_ = true;
      }
    } catch (...) {
      // The dialog already says why the model cannot be used; the preview shows the layer.
    }
  }
  params_ = params;
  gimp_preview_invalidate(GIMP_PREVIEW(preview_));
}

void TranslatePreview::show_sample_sheet() {
  GdkPixbuf* sheet = model_path_.empty() ? nullptr
                                         : gdk_pixbuf_new_from_file_at_scale(sample_sheet_path(model_path_).c_str(),
                                                                             kSheetSide, kSheetSide, TRUE, nullptr);
  if (!sheet) {
    gtk_widget_hide(sheet_);
    return;
  }
  gtk_image_set_from_pixbuf(GTK_IMAGE(sheet_), sheet);
  g_object_unref(sheet);
  gtk_widget_show(sheet_);
}

void TranslatePreview::render() {
  if (!usable_) {
    worker_->cancel();  // a translation still on its way must not replace the layer's pixels
    return;             // GimpDrawablePreview has drawn the layer itself
  }
  Rect area;
  gimp_preview_get_position(GIMP_PREVIEW(preview_), &area.x, &area.y);
  gimp_preview_get_size(GIMP_PREVIEW(preview_), &area.width, &area.height);
  try {
    PreviewRequest request;
    request.asked_at = g_get_monotonic_time();
    request.region = read_region(host_, drawable_, area);  // GIMP's thread: libgimp is not thread-safe
    // Until its translation is ready, the region in view shows as it is, not a stale translation
    // of another part of the layer.
    draw(preview_, preview_original(request.region));
    request.model = model_;
    request.params = params_;
    request.split = split_;
    worker_->submit(std::move(request));
  } catch (...) {
    // The layer could not be read: the preview keeps what it shows.
  }
}

}  // namespace cyclegan::plugin
