// The GimpHost members that move pixels, one source for both libgimps (see gimp_refs.h). Always float and perceptual (R'G'B'/Y') in the drawable's own colour space:
// GEGL converts nothing but the precision, and every precision keeps its values.
#include <libgimp/gimp.h>

#include <cstddef>

#include "plugin/common/host.h"
#include "plugin/libgimp/gimp_refs.h"

namespace cyclegan::plugin {
namespace {

using Drawable = decltype(drawable_of(0));

// The drawable's own channels, or R'G'B' whatever it holds when `rgb` (training images).
const Babl* pixel_format(Drawable drawable, bool rgb) {
  const bool alpha = !rgb && gimp_drawable_has_alpha(drawable);
  const bool gray = !rgb && gimp_drawable_is_gray(drawable);
  const char* encoding = gray ? (alpha ? "Y'A float" : "Y' float") : (alpha ? "R'G'B'A float" : "R'G'B' float");
  return babl_format_with_space(encoding, gimp_drawable_get_format(drawable));
}

GeglRectangle gegl_rect(const Rect& r) { return {r.x, r.y, r.width, r.height}; }

}  // namespace

bool GimpHost::is_indexed(ItemId drawable) const { return gimp_drawable_is_indexed(drawable_of(drawable)); }
bool GimpHost::is_gray(ItemId drawable) const { return gimp_drawable_is_gray(drawable_of(drawable)); }

// Asked for every layer a source lists and every layer translated: the drawable's own size
// query, not a GeglBuffer made just to read its extent.
void GimpHost::size(ItemId drawable, int& width, int& height) const {
#if GIMP_MAJOR_VERSION >= 3
  width = gimp_drawable_get_width(drawable_of(drawable));
  height = gimp_drawable_get_height(drawable_of(drawable));
#else
  width = gimp_drawable_width(drawable_of(drawable));
  height = gimp_drawable_height(drawable_of(drawable));
#endif
}

PixelBuffer GimpHost::read(ItemId item, const Rect& area, bool rgb) const {
  const Drawable drawable = drawable_of(item);
  const Babl* format = pixel_format(drawable, rgb);
  PixelBuffer pixels;
  pixels.width = area.width;
  pixels.height = area.height;
  pixels.channels = babl_format_get_n_components(format);
  pixels.data.resize(static_cast<size_t>(area.width) * area.height * pixels.channels);
  GeglBuffer* buffer = gimp_drawable_get_buffer(drawable);
  const GeglRectangle rect = gegl_rect(area);
  gegl_buffer_get(buffer, &rect, 1.0, format, pixels.data.data(), GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref(buffer);
  return pixels;
}

bool GimpHost::selection_bounds(ItemId drawable, Rect& b) const {
  return gimp_drawable_mask_intersect(drawable_of(drawable), &b.x, &b.y, &b.width, &b.height);
}

void GimpHost::write_through_selection(ItemId item, const Rect& area, const PixelBuffer& pixels) {
  const Drawable drawable = drawable_of(item);
  GeglBuffer* shadow = gimp_drawable_get_shadow_buffer(drawable);
  const GeglRectangle rect = gegl_rect(area);
  gegl_buffer_set(shadow, &rect, 0, pixel_format(drawable, false), pixels.data.data(), GEGL_AUTO_ROWSTRIDE);
  gegl_buffer_flush(shadow);
  g_object_unref(shadow);  // hands the shadow tiles to GIMP before the merge
  gimp_drawable_merge_shadow(drawable, TRUE);
  gimp_drawable_update(drawable, area.x, area.y, area.width, area.height);
}

}  // namespace cyclegan::plugin
