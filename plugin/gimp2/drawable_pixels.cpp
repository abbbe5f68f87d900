#include "plugin/gimp2/drawable_pixels.h"

#include <cstddef>

namespace cyclegan::plugin::gimp2 {
namespace {

const Babl* float_format(gint32 drawable) {
  const bool alpha = gimp_drawable_has_alpha(drawable);
  const char* name = gimp_drawable_is_gray(drawable) ? (alpha ? "Y'A float" : "Y' float")
                                                      : (alpha ? "R'G'B'A float" : "R'G'B' float");
  return babl_format_with_space(name, gimp_drawable_get_format(drawable));
}

GeglRectangle to_gegl(const Rect& r) { return {r.x, r.y, r.width, r.height}; }

}  // namespace

PixelBuffer read_pixels(gint32 drawable, const Rect& area) {
  const Babl* format = float_format(drawable);
  PixelBuffer pixels;
  pixels.width = area.width;
  pixels.height = area.height;
  pixels.channels = babl_format_get_n_components(format);
  pixels.data.resize(static_cast<size_t>(area.width) * area.height * pixels.channels);

  GeglBuffer* buffer = gimp_drawable_get_buffer(drawable);
  GeglRectangle rect = to_gegl(area);
  gegl_buffer_get(buffer, &rect, 1.0, format, pixels.data.data(), GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref(buffer);
  return pixels;
}

void write_shadow_pixels(gint32 drawable, const Rect& area, const PixelBuffer& pixels) {
  GeglBuffer* shadow = gimp_drawable_get_shadow_buffer(drawable);
  GeglRectangle rect = to_gegl(area);
  gegl_buffer_set(shadow, &rect, 0, float_format(drawable), pixels.data.data(), GEGL_AUTO_ROWSTRIDE);
  gegl_buffer_flush(shadow);
  g_object_unref(shadow);
}

}  // namespace cyclegan::plugin::gimp2
