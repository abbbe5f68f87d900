// A generator with a linear colour path (ours, for short CPU budgets):
//
//     out = clamp(x + L(x) + body(x), -1, 1)
//
// body is an official generator (resnet or U-Net, tanh output) whose output layer starts at zero,
// and L is one 5x5 convolution from the input's 3 channels to the output's, also zero at start:
// an untrained generator is exactly the identity. Why: the official generators reach the output
// only through instance-normalised features, so a global tone change (lift the blacks, lower the
// contrast, a colour matrix) must be assembled from normalised features with noisy gradients;
// measured on the colour-grade task, 1000 iterations moved the channel means but left the
// contrast untouched. L learns a colour matrix plus a small blur directly from the pixels, and
// body learns what is not linear. The clamp is linear inside [-1, 1], so tones near black and
// white keep their full gradient (tanh(z + atanh(x)) has almost none there).
#pragma once

#include <memory>

#include "models/networks.h"

namespace cyclegan {

// `spec` has colour_path set; `body` is the generator without it (output layer already zeroed).
std::shared_ptr<Network> make_colour_path_generator(const NetworkSpec& spec, std::shared_ptr<Network> body);

// Half the size of L's kernel: the generator's receptive field is at least this.
constexpr int kColourPathRadius = 2;

}  // namespace cyclegan
