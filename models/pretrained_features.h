// The first blocks of an ImageNet-trained MobileNetV2 (Sandler et al. 2018), frozen: what a
// projected discriminator (Sauer et al. 2021) judges instead of raw pixels. Early blocks see
// edges, grain and small patterns, which is what a texture look changes; ImageNet training lets
// a discriminator that reads them tell a real texture from an imitation after a few hundred
// steps, where a PatchGAN learning from 20-300 images has to find such features itself.
//
// The weights are BatchNorm-folded convs (stem .. block_5) in a torch.save state dict, written by
// scripts/extract-feature-weights from the MIT-licensed MobileNetV2 of the npm package nsfwjs
// (models/weights/; the program carries them built in: core/feature_network.h).
#pragma once

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "models/torch_pickle.h"

namespace cyclegan {

class EarlyMobileNetV2 {
 public:
  // Throws CheckpointError naming `name` when `state` is not these weights.
  static std::shared_ptr<EarlyMobileNetV2> from_state(const StateDict& state, const std::string& name);

  // x: N x 3 x H x W in [-1, 1]. Returns the features at 1/4 of the resolution (24 channels,
  // after block_2) and at 1/8 (32 channels, after block_5). Gradients flow to x, never into
  // the weights.
  std::vector<torch::Tensor> forward(const torch::Tensor& x) const;

  // Channels of each returned scale.
  static std::vector<int> channels() { return {24, 32}; }

  void to(const torch::Device& device);

 private:
  struct Conv {
    torch::Tensor weight, bias;
  };
  Conv stem_;
  std::vector<Conv> convs_;  // block0 depthwise, project; then expand, depthwise, project per block
};

}  // namespace cyclegan
