// PixelBuffer <-> LibTorch tensors, in the value range the networks use: [-1, 1], as the
// official code's ToTensor() + Normalize(0.5, 0.5). Kept apart from image_io so that image
// reading stays free of LibTorch.
#pragma once

#include <torch/torch.h>

#include "core/cyclegan.h"

namespace cyclegan {

// 1x3xHxW float in [-1, 1]: gray replicated to three channels, alpha dropped (translation keeps
// alpha aside and puts it back untouched).
torch::Tensor to_network_input(const PixelBuffer& image);

// 3xHxW float in [-1, 1] from an RGB buffer (exactly 3 channels; throws InputError otherwise).
torch::Tensor rgb_to_chw(const PixelBuffer& rgb);

// An RGB PixelBuffer from a network output (3xHxW or 1x3xHxW, values in [-1, 1]), mapped to
// 0..1 and clamped.
PixelBuffer network_output_to_rgb(const torch::Tensor& output);

// Writes a network output (3xHxW or 1x3xHxW, [-1, 1], same H and W as `image`) into the colour
// channels of `image`, clamped to 0..1; alpha is left untouched. For a gray image (Y, YA) the gray
// value is the mean of the three output channels, the inverse of the replication on input.
void store_network_output(const torch::Tensor& output, PixelBuffer& image);

}  // namespace cyclegan
