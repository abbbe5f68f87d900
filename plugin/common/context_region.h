// Which pixels to feed the network when only part of a layer is translated. The generator sees
// a neighbourhood of each pixel, so translating the selection's bounding box alone would change
// the result near its edges (the network would see reflection padding instead of the real
// surroundings). We read a margin of real pixels around the box, translate that, and keep only the
// box: the selection then looks as it would in a whole-layer translation, at little extra cost.
#pragma once

#include "core/cyclegan.h"

namespace cyclegan::plugin {

// Real pixels read around the selection's bounds (clipped to the layer). 64 px covers most of
// the ResNet generator's effective receptive field at a cost of a few percent for large selections.
inline constexpr int kContextMargin = 64;

struct Rect {
  int x = 0, y = 0, width = 0, height = 0;
  bool operator==(const Rect& o) const {
    return x == o.x && y == o.y && width == o.width && height == o.height;
  }
};

// `bounds` grown by `margin` on each side, clipped to a layer of layer_width x layer_height.
Rect with_context(const Rect& bounds, int layer_width, int layer_height, int margin = kContextMargin);

// The pixels of `inner` (in layer coordinates) out of `image`, which holds the pixels of `outer`.
PixelBuffer crop(const PixelBuffer& image, const Rect& outer, const Rect& inner);

}  // namespace cyclegan::plugin
