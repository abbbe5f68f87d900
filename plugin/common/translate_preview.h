// What Translate's preview shows: a region of the drawable translated exactly as the real run
// translates it (real context around the region, the same tiled path), as the 8-bit rows GIMP's
// preview widgets draw. Toolkit-free; plugin/libgimp/translate_preview.* puts it on screen and
// translates on a worker thread, so the pixels are read first (GIMP's thread) and translated
// apart from the Host.
#pragma once

#include <cstdint>
#include <vector>

#include "plugin/common/host.h"
#include "plugin/common/translate_run.h"

namespace cyclegan::plugin {

struct PreviewImage {
  int width = 0, height = 0;
  int channels = 0;             // the drawable's own: gray 1-2, RGB 3-4
  std::vector<uint8_t> bytes;   // rows of width * channels, gamma-encoded like the drawable
};

// The region's area as it is.
PreviewImage preview_original(const RegionPixels& region);

// The region through `model`. With `split`, the left half of the area shows the layer as it is
// and a gray line marks the border, as in the split view of GIMP's own filters. Touches no Host:
// safe on any thread. Throws what translate() throws (Cancelled when callbacks ask for it).
PreviewImage preview_translated(const RegionPixels& region, const Model& model, const TranslateParams& params,
                                bool split, const Callbacks& callbacks = {});

// Both steps on the calling thread: `area` (drawable coordinates) of `drawable` through `model`.
PreviewImage preview_translation(const Host& host, ItemId drawable, const Model& model, const TranslateParams& params,
                                 const Rect& area, bool split = false);

}  // namespace cyclegan::plugin
