#include "plugin/libgimp/translate_preview.h"

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include <cstdlib>

#include "plugin/common/translate_preview.h"
#include "plugin/libgimp/gimp_refs.h"

namespace cyclegan::plugin {
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

}  // namespace

TranslatePreview::TranslatePreview(const Host& host, ItemId drawable) : host_(host), drawable_(drawable) {
#if GIMP_MAJOR_VERSION >= 3
  widget_ = gimp_drawable_preview_new_from_drawable(drawable_of(drawable));
#else
  widget_ = gimp_drawable_preview_new_from_drawable_id(drawable_of(drawable));
#endif
  g_signal_connect(widget_, "invalidated", G_CALLBACK(on_invalidated), this);
}

void TranslatePreview::on_invalidated(GtkWidget*, gpointer self) { static_cast<TranslatePreview*>(self)->render(); }

void TranslatePreview::show(const std::string& model_path, const TranslateParams& params) {
  if (model_path != model_path_) {
    model_path_ = model_path;
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
  gimp_preview_invalidate(GIMP_PREVIEW(widget_));
}

void TranslatePreview::render() {
  if (!usable_) return;  // GimpDrawablePreview has drawn the layer itself
  Rect area;
  gimp_preview_get_position(GIMP_PREVIEW(widget_), &area.x, &area.y);
  gimp_preview_get_size(GIMP_PREVIEW(widget_), &area.width, &area.height);
  try {
    const PreviewImage image = preview_translation(host_, drawable_, model_, params_, area);
    gimp_preview_draw_buffer(GIMP_PREVIEW(widget_), image.bytes.data(), image.width * image.channels);
    dump_for_tests(image);
  } catch (...) {
    // A model for another direction or out of memory: the layer stays as it is in the preview.
  }
}

}  // namespace cyclegan::plugin
