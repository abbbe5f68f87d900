// Differentiable augmentation of what the discriminators see (DiffAugment, Zhao et al. 2020).
//
// With tens of images a PatchGAN memorises the real set within a few hundred iterations; its
// loss falls to ~0, its gradients stop telling the generators anything, and they stay the
// identity they start as. Showing D randomly shifted and cut-out versions of *both* real and
// fake images (the same kind of change on each, drawn independently) keeps it from memorising
// while leaving the distributions it compares unchanged. The transforms are differentiable, so
// the generators learn through them. Only geometric transforms are offered: colour jitter
// would hide exactly the changes a colour or tone style consists of.
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include <torch/torch.h>

namespace cyclegan {

struct AugmentPolicy {
  bool translation = false;  // shift by up to 1/8 of the side, zero (mid-gray) fill
  bool cutout = false;       // one square of half the side set to zero
  bool any() const { return translation || cutout; }
};

// "none", "translation", "cutout" or "translation+cutout"; throws InputError otherwise.
AugmentPolicy parse_augment_policy(const std::string& text);
std::string augment_policy_name(const AugmentPolicy& policy);

// Draws its random shifts and squares from its own stream, so a run is reproducible from the
// seed alone (the trainer makes one per iteration from the run's seed and the iteration).
class DiffAugment {
 public:
  DiffAugment(AugmentPolicy policy, uint64_t seed) : policy_(policy), rng_(seed) {}
  // x: N x C x H x W. Returns x itself when the policy is empty.
  torch::Tensor operator()(const torch::Tensor& x);

 private:
  torch::Tensor translate(const torch::Tensor& x);
  torch::Tensor cutout(const torch::Tensor& x);
  AugmentPolicy policy_;
  std::mt19937_64 rng_;
};

}  // namespace cyclegan
