// The work of "CycleGAN Translate" once its values are known, for both GIMPs: every drawable is
// checked before the first one changes, the model is opened once, and each layer's selection (or
// the whole layer) is translated with real context around it and merged through the selection,
// all in one undo step, into the layer itself or into a copy above it.
#pragma once

#include <vector>

#include "plugin/common/host.h"
#include "plugin/common/translate_values.h"

namespace cyclegan::plugin {

// `area` (drawable coordinates) of a drawable with real context around it: what translate_region
// feeds the network. Reading goes through the Host (GIMP's thread); translating may not.
struct RegionPixels {
  PixelBuffer pixels;  // the pixels of `outer`
  Rect outer, area;
};
RegionPixels read_region(const Host& host, ItemId drawable, const Rect& area);

// The mean, over pixels, of the spread between the largest and smallest of R, G and B: 0 for gray
// pixels, and for a buffer without three colour channels (gray, gray + alpha).
double mean_colourfulness(const PixelBuffer& pixels);

// The region through `model`, cropped back to its area. Touches no Host: safe on any thread.
PixelBuffer translate_read_region(RegionPixels region, const Model& model, const TranslateParams& params,
                                  const Callbacks& callbacks = {});

// Both steps: what a run writes to `area`, and what the preview shows there.
PixelBuffer translate_region(const Host& host, ItemId drawable, const Model& model, const TranslateParams& params,
                             const Rect& area, const Callbacks& callbacks = {});

// The result replaces the pixels or goes to a copy of each layer above it (values.output), at
// values.opacity. Throws cyclegan::InputError (no layer, a group, a mask or channel, an indexed
// layer, no such model) or the core's errors; a layer the selection does not touch is left
// alone. When `interactive` and the model gives gray pictures colour, a grayscale layer (whose
// result could only be gray) makes the host ask first whether to convert the image to RGB, in the
// same undo step.
void translate_layers(Host& host, ItemId image, const std::vector<ItemId>& drawables, const TranslateValues& values,
                      bool interactive);

}  // namespace cyclegan::plugin
