// NLayerDiscriminator (netD 'basic' = n_layers 3, the 70x70 PatchGAN, or 'n_layers') and
// PixelDiscriminator (netD 'pixel', the 1x1 PatchGAN) of the official networks.py.
#include "models/architectures.h"
#include "models/layers.h"

namespace cyclegan {

namespace {

// PatchGAN convs: 4x4, padding 1; channel multiplier capped at 8 (official).
constexpr int kKernel = 4;
constexpr int kMaxMult = 8;

class NLayerDiscriminator : public Network {
 public:
  explicit NLayerDiscriminator(const NetworkSpec& s) : Network(s) {
    const int ndf = s.width;
    const bool bias = layers::conv_bias(s.norm);
    model->push_back(layers::conv(s.in_channels, ndf, kKernel, 2, 1, /*bias=*/true));
    model->push_back(layers::leaky_relu());
    int mult = 1;
    for (int n = 1; n <= s.depth; ++n) {
      const int prev = mult;
      mult = std::min(1 << n, kMaxMult);
      // The last of these keeps the resolution (stride 1), the others halve it.
      const int stride = n < s.depth ? 2 : 1;
      model->push_back(layers::conv(ndf * prev, ndf * mult, kKernel, stride, 1, bias));
      model->push_back(layers::norm(s.norm, ndf * mult));
      model->push_back(layers::leaky_relu());
    }
    model->push_back(layers::conv(ndf * mult, 1, kKernel, 1, 1, /*bias=*/true));
    register_module("model", model);
  }
  torch::Tensor forward(torch::Tensor x) override { return model->forward(x); }

 private:
  torch::nn::Sequential model;
};

class PixelDiscriminator : public Network {
 public:
  explicit PixelDiscriminator(const NetworkSpec& s) : Network(s) {
    const int ndf = s.width;
    const bool bias = layers::conv_bias(s.norm);
    net->push_back(layers::conv(s.in_channels, ndf, 1, 1, 0, /*bias=*/true));
    net->push_back(layers::leaky_relu());
    net->push_back(layers::conv(ndf, ndf * 2, 1, 1, 0, bias));
    net->push_back(layers::norm(s.norm, ndf * 2));
    net->push_back(layers::leaky_relu());
    net->push_back(layers::conv(ndf * 2, 1, 1, 1, 0, bias));  // official: bias only with instance norm
    register_module("net", net);
  }
  torch::Tensor forward(torch::Tensor x) override { return net->forward(x); }

 private:
  torch::nn::Sequential net;
};

}  // namespace

std::shared_ptr<Network> make_nlayer_discriminator(const NetworkSpec& spec) {
  return std::make_shared<NLayerDiscriminator>(spec);
}

std::shared_ptr<Network> make_pixel_discriminator(const NetworkSpec& spec) {
  return std::make_shared<PixelDiscriminator>(spec);
}

}  // namespace cyclegan
