#include "core/cairo_canvas.h"

#include <cstdint>

#include "base/errors.h"

namespace cyclegan {

CairoCanvas::CairoCanvas(int width, int height, const std::string& what, double font_size)
    : surface_(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height), cairo_surface_destroy),
      context_(cairo_create(surface_.get()), cairo_destroy) {
  cairo_t* c = cr();
  if (cairo_status(c) != CAIRO_STATUS_SUCCESS) throw OutputError("Cannot draw " + what + ": out of memory.");
  cairo_set_source_rgb(c, 1, 1, 1);
  cairo_paint(c);
  cairo_select_font_face(c, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(c, font_size);
}

PixelBuffer CairoCanvas::pixels() const {
  cairo_surface_flush(surface_.get());
  PixelBuffer img;
  img.width = cairo_image_surface_get_width(surface_.get());
  img.height = cairo_image_surface_get_height(surface_.get());
  img.channels = 3;
  img.data.resize(static_cast<size_t>(img.width) * img.height * 3);
  const unsigned char* data = cairo_image_surface_get_data(surface_.get());
  const int stride = cairo_image_surface_get_stride(surface_.get());
  for (int y = 0; y < img.height; ++y) {
    const auto* row = reinterpret_cast<const uint32_t*>(data + static_cast<size_t>(y) * stride);
    for (int x = 0; x < img.width; ++x) {
      float* p = &img.data[(static_cast<size_t>(y) * img.width + x) * 3];
      p[0] = static_cast<float>((row[x] >> 16) & 0xff) / 255.0f;
      p[1] = static_cast<float>((row[x] >> 8) & 0xff) / 255.0f;
      p[2] = static_cast<float>(row[x] & 0xff) / 255.0f;
    }
  }
  return img;
}

void draw_text(cairo_t* cr, double x, double y, const std::string& text, double ax, double ay) {
  cairo_text_extents_t e;
  cairo_text_extents(cr, text.c_str(), &e);
  cairo_move_to(cr, x - ax * e.x_advance, y - e.y_bearing - ay * e.height);
  cairo_show_text(cr, text.c_str());
}

double text_width(cairo_t* cr, const std::string& text) {
  cairo_text_extents_t e;
  cairo_text_extents(cr, text.c_str(), &e);
  return e.x_advance;
}

}  // namespace cyclegan
