// A discriminator on frozen pretrained features (Projected GAN, Sauer et al. 2021): small
// trainable heads judge the MobileNetV2 features of an image at 1/4 and 1/8 of its resolution.
// It sits beside the PatchGAN, which keeps judging pixels (colour, exact tones); these heads judge
// what ImageNet features see (edges, grain, strokes).
#pragma once

#include <memory>

#include "models/networks.h"
#include "models/pretrained_features.h"

namespace cyclegan {

// forward(x) returns N x K patch verdicts: every head's map flattened and concatenated, so the
// GAN losses apply unchanged. Only the heads are parameters; `features` is shared and frozen.
// `width`: the heads' channels.
std::shared_ptr<Network> make_projected_discriminator(std::shared_ptr<const EarlyMobileNetV2> features,
                                                      int width);

}  // namespace cyclegan
