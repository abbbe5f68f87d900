// Training-time preprocessing, exactly as the official code (data/base_dataset.py:
// get_transform, __scale_width, __make_power_2; transforms.Resize with PIL bicubic, RandomCrop,
// RandomHorizontalFlip), split in two so the deterministic part can be cached:
//   prepare():  the resize that does not depend on randomness (done once per image)
//   augment():  the random crop and flip (done for every sample)
// Randomness comes only from the std::mt19937_64 the caller passes (the trainer seeds it and
// saves it for exact resume); draws are computed portably, not with std::uniform_*_distribution,
// whose results differ between standard libraries.
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "core/cyclegan.h"

namespace cyclegan {

enum class PreprocessMode {
  ResizeAndCrop,      // resize to load x load (bicubic), random crop crop x crop (official default)
  Crop,               // random crop crop x crop from the image as it is
  ScaleWidth,         // width -> load, height keeps the aspect (at least crop)
  ScaleWidthAndCrop,  // scale_width, then random crop crop x crop
  None,               // only round both sizes to a multiple of 4 (bicubic resize when needed)
  // Ours: the image at its own resolution (the one translation runs at), resized only to bring
  // its shorter side into [crop, load] (load is a cap for memory, not a target), then a random
  // crop. Fine detail such as softness or grain exists only at this scale.
  Native,
};

struct PreprocessOptions {
  PreprocessMode mode = PreprocessMode::ResizeAndCrop;
  int load_size = 286;  // official --load_size
  int crop_size = 256;  // official --crop_size
  bool flip = true;     // random horizontal flip (official: on unless --no_flip)
};

// "resize_and_crop", "crop", "scale_width", "scale_width_and_crop", "none" (the official
// --preprocess names) and "native" (ours). Throws InputError for anything else.
PreprocessMode parse_preprocess_mode(const std::string& name);
const char* preprocess_mode_name(PreprocessMode mode);

// Throws InputError when the options cannot work (sizes < 1, load < crop for a mode that crops
// after resizing).
void check_preprocess_options(const PreprocessOptions& options);

// Width x height of prepare()'s result for a width x height image (the official formulas).
void prepared_size(const PreprocessOptions& options, int width, int height, int* out_width,
                   int* out_height);

// The deterministic part, on an RGB buffer. `name` (a file name) is used in errors: an image
// smaller than the crop throws InputError naming it and both sizes (the official RandomCrop
// raises an error there too).
PixelBuffer prepare(const PixelBuffer& rgb, const PreprocessOptions& options, const std::string& name);

// The random part, on prepare()'s result: crop (modes with "crop") and flip. Draws from `rng`
// in the official order (crop position, then flip).
PixelBuffer augment(const PixelBuffer& prepared, const PreprocessOptions& options, std::mt19937_64& rng);

// PIL's bicubic resize (Image.resize(..., BICUBIC): a = -0.5, the kernel widened when
// downscaling so it antialiases, horizontal pass then vertical, each clamped to 0..1 like PIL's
// 8-bit passes), on any number of channels.
PixelBuffer resize_bicubic(const PixelBuffer& image, int width, int height);

// Portable draws: an integer uniform in [0, n) and a double uniform in [0, 1).
uint64_t uniform_index(std::mt19937_64& rng, uint64_t n);
double uniform_unit(std::mt19937_64& rng);

}  // namespace cyclegan
