#include "models/layers.h"

#include "models/instance_norm.h"

namespace cyclegan::layers {

namespace {

// The input_skip clamp: atanh(±0.999) ≈ ±3.8 keeps the pre-tanh skip finite for inputs at ±1.
constexpr double kSkipClamp = 0.999;
// LeakyReLU slope of the official discriminators and U-Net encoder.
constexpr double kLeakySlope = 0.2;

}  // namespace

torch::nn::AnyModule norm(NormKind kind, int channels) {
  switch (kind) {
    case NormKind::Instance: return torch::nn::AnyModule(InstanceNorm(channels));
    case NormKind::Batch: return torch::nn::AnyModule(torch::nn::BatchNorm2d(channels));
    case NormKind::None: break;
  }
  return torch::nn::AnyModule(torch::nn::Identity());
}

bool conv_bias(NormKind kind) { return kind == NormKind::Instance; }

torch::nn::Conv2d conv(int in, int out, int kernel, int stride, int padding, bool bias) {
  return torch::nn::Conv2d(
      torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(padding).bias(bias));
}

torch::nn::AnyModule relu() { return torch::nn::AnyModule(torch::nn::ReLU()); }

torch::nn::AnyModule leaky_relu() {
  return torch::nn::AnyModule(
      torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(kLeakySlope)));
}

torch::Tensor run(torch::nn::Sequential& seq, torch::Tensor x, int end) {
  const size_t stop = end < 0 ? seq->size() : static_cast<size_t>(end);
  size_t i = 0;
  for (auto it = seq->begin(); it != seq->end() && i < stop; ++it, ++i) x = it->forward(x);
  return x;
}

torch::Tensor skip_tanh(const torch::Tensor& z, const torch::Tensor& input) {
  return torch::tanh(z + torch::atanh(input.clamp(-kSkipClamp, kSkipClamp)));
}

}  // namespace cyclegan::layers
