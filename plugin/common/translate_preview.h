// What Translate's preview shows: a region of the drawable translated exactly as the real run
// translates it (real context around the region, the same tiled path), as the 8-bit rows GIMP's
// preview widgets draw. Toolkit-free; plugin/libgimp/translate_preview.* puts it on screen.
#pragma once

#include <cstdint>
#include <vector>

#include "plugin/common/host.h"

namespace cyclegan::plugin {

struct PreviewImage {
  int width = 0, height = 0;
  int channels = 0;             // the drawable's own: gray 1-2, RGB 3-4
  std::vector<uint8_t> bytes;   // rows of width * channels, gamma-encoded like the drawable
};

// `area` (drawable coordinates) of `drawable` through `model`. Throws what translate() throws.
PreviewImage preview_translation(const Host& host, ItemId drawable, const Model& model, const TranslateParams& params,
                                 const Rect& area);

}  // namespace cyclegan::plugin
