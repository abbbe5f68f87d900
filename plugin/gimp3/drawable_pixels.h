// A drawable's pixels as the core's PixelBuffer, through the GIMP 3 GeglBuffer API: read a
// rectangle of the drawable, write a rectangle into its shadow buffer. Float, sRGB-encoded
// (R'G'B'), in the drawable's own color space, so 8/16/32-bit layers all keep their precision
// when GIMP converts back on write.
#pragma once

#include <libgimp/gimp.h>

#include "core/cyclegan.h"
#include "plugin/common/context_region.h"

namespace cyclegan::plugin::gimp3 {

// Reads `area` (drawable coordinates) from the drawable's buffer. Gray drawables give 1-2
// channels, RGB 3-4; indexed drawables throw InputError (the core needs continuous colors).
PixelBuffer read_pixels(GimpDrawable* drawable, const Rect& area);

// Writes `pixels` at `area` into `shadow` (the drawable's shadow buffer), in the same format
// read_pixels used. The caller merges the shadow (which applies the selection mask).
void write_pixels(GimpDrawable* drawable, GeglBuffer* shadow, const Rect& area, const PixelBuffer& pixels);

}  // namespace cyclegan::plugin::gimp3
