// A white cairo image to draw text and lines on, read back as a PixelBuffer: what the loss plot
// and the sample sheet's row labels are drawn with.
#pragma once

#include <cairo.h>

#include <memory>
#include <string>

#include "core/cyclegan.h"

namespace cyclegan {

class CairoCanvas {
 public:
  // Throws OutputError ("Cannot draw WHAT: out of memory.") when cairo cannot make the image.
  CairoCanvas(int width, int height, const std::string& what, double font_size);
  cairo_t* cr() const { return context_.get(); }
  PixelBuffer pixels() const;

 private:
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface_;
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> context_;
};

// Text anchored at (x, y): ax, ay = 0 left/top, 0.5 centre, 1 right/bottom.
void draw_text(cairo_t* cr, double x, double y, const std::string& text, double ax, double ay);

// The width the text takes in cr's current font.
double text_width(cairo_t* cr, const std::string& text);

}  // namespace cyclegan
