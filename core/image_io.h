// Reading and writing image files as PixelBuffers (float sRGB 0..1, interleaved), through the
// libraries GIMP users already have: GdkPixbuf and GEGL. No LibTorch here.
//
// Reading keeps what the file holds: 1-4 channels (Y, YA, RGB, RGBA) and its precision (16-bit
// PNG/TIFF samples are not rounded to 8 bits); EXIF/TIFF orientation is applied, so the pixels
// are upright as any viewer shows them. Formats: JPEG, PNG (8/16-bit), TIFF (8/16-bit, float),
// WebP (through GEGL's webp loader).
#pragma once

#include <string>
#include <vector>

#include "core/cyclegan.h"

namespace cyclegan {

// Decodes `path`. Throws InputError naming the file when it is missing, unreadable, corrupt,
// truncated or of an unsupported format, when it is not a regular file (a FIFO, a device), or
// when its header declares more pixels than max_image_pixels() (bounded_read.h): checked
// before any pixel is allocated. `stored_bit_depth`, when given, receives the bits per
// sample the file holds: 8 (JPEG, WebP, 8-bit PNG/TIFF), 16, or 32 (float TIFF), so that a
// translation can write its result at the input's depth.
PixelBuffer load_image(const std::string& path, int* stored_bit_depth = nullptr);

// Writes `image` to `path`; the format comes from the extension (.png, .jpg/.jpeg, .tif/.tiff).
// bit_depth: 8 or 16 (PNG, TIFF), or 32 (TIFF only: float samples); JPEG is always 8-bit.
// Samples are clamped to 0..1. Throws InputError for an unknown extension or bit depth and
// OutputError when the file cannot be written.
void save_image(const PixelBuffer& image, const std::string& path, int bit_depth = 8);

// True when the file name ends in an extension load_image reads (case-insensitive):
// .jpg .jpeg .jpe .png .webp .tif .tiff.
bool has_image_extension(const std::string& path);

// True when save_image can write a file of this name: .png .jpg .jpeg .tif .tiff.
bool has_writable_image_extension(const std::string& path);

// "JPEG, PNG, WebP, TIFF": for messages.
const char* readable_formats();

// Channel conversions on PixelBuffers (no resampling).
// Gray replicated to RGB; alpha composited over white (see image_io.cpp for why white).
PixelBuffer to_rgb_over_white(const PixelBuffer& image);
// Gray replicated to RGB; alpha dropped (the colour channels are kept as they are).
PixelBuffer to_rgb_drop_alpha(const PixelBuffer& image);

}  // namespace cyclegan
