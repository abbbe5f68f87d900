// Tiny networks and synthetic image sources shared by the training tests.
#pragma once

#include <random>

#include <torch/torch.h>

#include "core/trainer.h"

namespace cyclegan::testing {

// A deterministic image per index (a sine pattern), flipped when the rng says so, like a real
// TrainingImages::sample: it draws from the rng, so data order and augmentation are exercised.
inline ImageSource pattern_source(size_t n, int size, float offset) {
  ImageSource s;
  s.size = n;
  s.sample = [size, offset](size_t index, std::mt19937_64& rng) {
    torch::Tensor x = torch::arange(3 * size * size, torch::kFloat).reshape({3, size, size});
    x = torch::sin(x * (0.013f * static_cast<float>(index + 1))) * 0.7f + offset;
    if (rng() & 1) x = x.flip({2});
    return x.clamp(-1, 1);
  };
  return s;
}

inline TrainerConfig tiny_config(uint64_t seed = 1) {
  TrainerConfig c;
  c.generator = NetworkSpec::resnet(4, 1);
  c.discriminator = NetworkSpec::nlayer(4, 2);
  c.seed = seed;
  return c;
}

}  // namespace cyclegan::testing
