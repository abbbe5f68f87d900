#include "plugin/common/context_region.h"

#include <algorithm>
#include <cstddef>
#include <stdexcept>

namespace cyclegan::plugin {

Rect with_context(const Rect& bounds, int layer_width, int layer_height, int margin) {
  int x0 = std::max(0, bounds.x - margin);
  int y0 = std::max(0, bounds.y - margin);
  int x1 = std::min(layer_width, bounds.x + bounds.width + margin);
  int y1 = std::min(layer_height, bounds.y + bounds.height + margin);
  return {x0, y0, x1 - x0, y1 - y0};
}

PixelBuffer crop(const PixelBuffer& image, const Rect& outer, const Rect& inner) {
  if (inner.x < outer.x || inner.y < outer.y || inner.x + inner.width > outer.x + outer.width ||
      inner.y + inner.height > outer.y + outer.height)
    throw std::logic_error("crop: the inner rectangle is not inside the outer one");
  PixelBuffer out;
  out.width = inner.width;
  out.height = inner.height;
  out.channels = image.channels;
  out.data.resize(static_cast<size_t>(inner.width) * inner.height * image.channels);
  const size_t row = static_cast<size_t>(inner.width) * image.channels;
  for (int y = 0; y < inner.height; ++y) {
    size_t src = (static_cast<size_t>(inner.y - outer.y + y) * outer.width + (inner.x - outer.x)) *
                 image.channels;
    std::copy_n(image.data.begin() + src, row, out.data.begin() + y * row);
  }
  return out;
}

}  // namespace cyclegan::plugin
