// Moving pixels between a GIMP 2.10 drawable and the core's PixelBuffer. Always float and
// perceptual (R'G'B'/Y') in the drawable's own colour space, so 8-, 16- and 32-bit images keep
// their precision and colour-managed images round-trip exactly.
#pragma once

#include <libgimp/gimp.h>

#include "core/cyclegan.h"
#include "plugin/common/context_region.h"

namespace cyclegan::plugin::gimp2 {

// The pixels of `area` (drawable coordinates) from the drawable itself.
PixelBuffer read_pixels(gint32 drawable, const Rect& area);

// Writes `pixels` at `area` into the drawable's shadow buffer; merge_shadow() then applies them
// through the selection mask.
void write_shadow_pixels(gint32 drawable, const Rect& area, const PixelBuffer& pixels);

}  // namespace cyclegan::plugin::gimp2
