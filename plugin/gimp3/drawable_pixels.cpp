#include "plugin/gimp3/drawable_pixels.h"

#include <cstddef>

#include "base/errors.h"
#include "plugin/common/i18n.h"

namespace cyclegan::plugin::gimp3 {
namespace {

// The babl format for the core: gamma-encoded float with or without alpha, tied to the
// drawable's color space so GEGL converts nothing but the precision.
const Babl* float_format(GimpDrawable* drawable) {
  if (gimp_drawable_is_indexed(drawable)) {
    gchar* name = gimp_item_get_name(GIMP_ITEM(drawable));
    std::string message = format(_("The layer \"%s\" is indexed: convert the image to RGB "
                                   "(Image → Mode → RGB) and try again."), name);
    g_free(name);
    throw InputError(message);
  }
  bool alpha = gimp_drawable_has_alpha(drawable);
  const char* encoding = gimp_drawable_is_gray(drawable) ? (alpha ? "Y'A float" : "Y' float")
                                                          : (alpha ? "R'G'B'A float" : "R'G'B' float");
  return babl_format_with_space(encoding, gimp_drawable_get_format(drawable));
}

}  // namespace

PixelBuffer read_pixels(GimpDrawable* drawable, const Rect& area) {
  const Babl* format = float_format(drawable);
  PixelBuffer pixels;
  pixels.width = area.width;
  pixels.height = area.height;
  pixels.channels = babl_format_get_n_components(format);
  pixels.data.resize(static_cast<size_t>(area.width) * area.height * pixels.channels);

  GeglBuffer* buffer = gimp_drawable_get_buffer(drawable);
  GeglRectangle rect = {area.x, area.y, area.width, area.height};
  gegl_buffer_get(buffer, &rect, 1.0, format, pixels.data.data(), GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref(buffer);
  return pixels;
}

void write_pixels(GimpDrawable* drawable, GeglBuffer* shadow, const Rect& area, const PixelBuffer& pixels) {
  GeglRectangle rect = {area.x, area.y, area.width, area.height};
  gegl_buffer_set(shadow, &rect, 0, float_format(drawable), pixels.data.data(), GEGL_AUTO_ROWSTRIDE);
}

}  // namespace cyclegan::plugin::gimp3
