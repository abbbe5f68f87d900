// Multiply-adds of our networks and of one CycleGAN training iteration, counted from the layer
// shapes (convolutions and transposed convolutions only: norms, activations and pads are
// memory-bound and not counted, as in the official figures of shared/NOTES.md). Used by the
// benchmarks to turn seconds into GFLOP/s (1 multiply-add = 2 FLOP).
//
//   paper G forward at 256x256: 49.55 G MAC; one paper iteration at 256 px: 939.6 G MAC (1.88 TFLOP)
#pragma once

#include <cstdint>

#include "models/network_spec.h"

namespace cyclegan {

struct NetworkMacs {
  double forward = 0;      // one forward pass, all layers
  double first_layer = 0;  // the layer that sees the input: no input gradient when x is data
};

// One forward of `spec` on a batch of 1 at h x w. A transposed conv counts input pixels x k^2 x
// Cin x Cout (the work of its scatter form; our sub-pixel form does more, counted as waste).
NetworkMacs network_macs(const NetworkSpec& spec, int64_t h, int64_t w);

// One training iteration (cyclegan_step.h) on a batch of `batch` h x w images, counted as the
// official optimize_parameters() does its work:
//   G step: G and F forward 4 times (+2 with identity loss), backward = weight gradients plus
//           input gradients except for layers that see data; D_A, D_B forward once each,
//           backward input gradients only (their weights are frozen);
//   D step: each D forward on a real and a pooled fake, backward weight gradients plus input
//           gradients except for its first layer (real and detached inputs need none).
double iteration_macs(const NetworkSpec& generator, const NetworkSpec& discriminator, int64_t h,
                      int64_t w, int64_t batch = 1, bool identity_loss = true);

}  // namespace cyclegan
