#include "models/pretrained_features.h"

#include "base/errors.h"

namespace cyclegan {

namespace {

// Each inverted-residual block after the first: its stride and whether it adds its input
// (MobileNetV2's table 2: 24 channels twice, the first halving; 32 channels three times).
struct BlockShape {
  int stride;
  bool residual;
};
constexpr BlockShape kBlocks[] = {{2, false}, {1, true}, {2, false}, {1, true}, {1, true}};
constexpr int kQuarterBlock = 2;  // features after block_2: 1/4 resolution
constexpr int kEighthBlock = 5;   // after block_5: 1/8

torch::Tensor clamp6(const torch::Tensor& x) { return x.clamp(0, 6); }

// Keras' "same" padding for a stride-2 3x3 conv pads one pixel at the bottom and right only.
torch::Tensor conv(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b, int stride, int groups) {
  namespace F = torch::nn::functional;
  if (stride == 2)
    return F::conv2d(F::pad(x, F::PadFuncOptions({0, 1, 0, 1})), w, F::Conv2dFuncOptions().bias(b).stride(2).groups(groups));
  return F::conv2d(x, w, F::Conv2dFuncOptions().bias(b).padding((w.size(-1) - 1) / 2).groups(groups));
}

}  // namespace

std::shared_ptr<EarlyMobileNetV2> EarlyMobileNetV2::from_state(const StateDict& state, const std::string& name) {
  auto find = [&](const std::string& key) {
    for (const auto& [name, tensor] : state)
      if (name == key) return tensor;
    throw CheckpointError(name + " is not the MobileNetV2 feature file (no " + key + ").");
  };
  auto net = std::make_shared<EarlyMobileNetV2>();
  net->stem_ = {find("stem.weight"), find("stem.bias")};
  net->convs_.push_back({find("block0.depthwise.weight"), find("block0.depthwise.bias")});
  net->convs_.push_back({find("block0.project.weight"), find("block0.project.bias")});
  for (int i = 1; i <= kEighthBlock; ++i)
    for (const char* part : {"expand", "depthwise", "project"}) {
      const std::string key = "block" + std::to_string(i) + "." + part;
      net->convs_.push_back({find(key + ".weight"), find(key + ".bias")});
    }
  if (net->stem_.weight.sizes() != torch::IntArrayRef{32, 3, 3, 3} ||
      net->convs_.back().weight.size(0) != channels().back())
    throw CheckpointError(name + " is not the MobileNetV2 feature file (unexpected shapes).");
  return net;
}

std::vector<torch::Tensor> EarlyMobileNetV2::forward(const torch::Tensor& x) const {
  // The network was trained on [0, 1] pixels.
  torch::Tensor y = clamp6(conv((x + 1) * 0.5, stem_.weight, stem_.bias, 2, 1));
  y = clamp6(conv(y, convs_[0].weight, convs_[0].bias, 1, static_cast<int>(y.size(1))));
  y = conv(y, convs_[1].weight, convs_[1].bias, 1, 1);
  std::vector<torch::Tensor> features;
  size_t k = 2;
  for (int i = 1; i <= kEighthBlock; ++i, k += 3) {
    const BlockShape& shape = kBlocks[i - 1];
    const torch::Tensor e = clamp6(conv(y, convs_[k].weight, convs_[k].bias, 1, 1));
    const torch::Tensor d =
        clamp6(conv(e, convs_[k + 1].weight, convs_[k + 1].bias, shape.stride, static_cast<int>(e.size(1))));
    const torch::Tensor p = conv(d, convs_[k + 2].weight, convs_[k + 2].bias, 1, 1);
    y = shape.residual ? y + p : p;
    if (i == kQuarterBlock || i == kEighthBlock) features.push_back(y);
  }
  return features;
}

void EarlyMobileNetV2::to(const torch::Device& device) {
  stem_ = {stem_.weight.to(device), stem_.bias.to(device)};
  for (Conv& c : convs_) c = {c.weight.to(device), c.bias.to(device)};
}

}  // namespace cyclegan
