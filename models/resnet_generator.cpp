// ResnetGenerator and ResnetBlock of the official networks.py (padding_type 'reflect').
// Sequential layout of `model` (n = n_blocks):
//   0 pad(3) 1 conv7 2 norm 3 relu | 4,7 stride-2 convs (+norm, relu) | 10…10+n-1 blocks |
//   10+n, 13+n transposed convs (+norm, relu) | 16+n pad(3) 17+n conv7 18+n tanh
#include "models/architectures.h"
#include "models/layers.h"
#include "models/transposed_conv.h"

namespace cyclegan {

namespace {

// The official generator downsamples (and upsamples) twice.
constexpr int kSamplings = 2;

// x + conv_block(x); conv_block = pad conv norm relu [dropout] pad conv norm, so the second
// conv sits at conv_block.5, or conv_block.6 with dropout (official key layout).
class ResnetBlockImpl : public torch::nn::Module {
 public:
  ResnetBlockImpl(int dim, NormKind norm, bool dropout) {
    const bool bias = layers::conv_bias(norm);
    conv_block->push_back(torch::nn::ReflectionPad2d(1));
    conv_block->push_back(layers::conv(dim, dim, 3, 1, 0, bias));
    conv_block->push_back(layers::norm(norm, dim));
    conv_block->push_back(layers::relu());
    // nn.Dropout(0.5): only active in train mode.
    if (dropout) conv_block->push_back(torch::nn::Dropout(0.5));
    conv_block->push_back(torch::nn::ReflectionPad2d(1));
    conv_block->push_back(layers::conv(dim, dim, 3, 1, 0, bias));
    conv_block->push_back(layers::norm(norm, dim));
    register_module("conv_block", conv_block);
  }
  torch::Tensor forward(torch::Tensor x) { return x + conv_block->forward(x); }

 private:
  torch::nn::Sequential conv_block;
};
TORCH_MODULE(ResnetBlock);

class ResnetGenerator : public Network {
 public:
  explicit ResnetGenerator(const NetworkSpec& s) : Network(s) {
    const int ngf = s.width;
    const bool bias = layers::conv_bias(s.norm);
    model->push_back(torch::nn::ReflectionPad2d(3));
    model->push_back(layers::conv(s.in_channels, ngf, 7, 1, 0, bias));
    model->push_back(layers::norm(s.norm, ngf));
    model->push_back(layers::relu());
    for (int i = 0; i < kSamplings; ++i) {
      const int mult = 1 << i;
      model->push_back(layers::conv(ngf * mult, ngf * mult * 2, 3, 2, 1, bias));
      model->push_back(layers::norm(s.norm, ngf * mult * 2));
      model->push_back(layers::relu());
    }
    const int dim = ngf << kSamplings;
    for (int i = 0; i < s.depth; ++i) model->push_back(ResnetBlock(dim, s.norm, s.dropout));
    for (int i = 0; i < kSamplings; ++i) {
      const int mult = 1 << (kSamplings - i);
      model->push_back(ConvTranspose(ngf * mult, ngf * mult / 2, 3, 2, 1, 1, bias));
      model->push_back(layers::norm(s.norm, ngf * mult / 2));
      model->push_back(layers::relu());
    }
    model->push_back(torch::nn::ReflectionPad2d(3));
    model->push_back(layers::conv(ngf, s.out_channels, 7, 1, 0, /*bias=*/true));  // always biased
    model->push_back(torch::nn::Tanh());
    register_module("model", model);
  }

  torch::Tensor forward(torch::Tensor x) override {
    if (!spec().input_skip) return model->forward(x);
    const int before_tanh = static_cast<int>(model->size()) - 1;
    return layers::skip_tanh(layers::run(model, x, before_tanh), x);
  }

 private:
  torch::nn::Sequential model;
};

}  // namespace

std::shared_ptr<Network> make_resnet_generator(const NetworkSpec& spec) {
  return std::make_shared<ResnetGenerator>(spec);
}

}  // namespace cyclegan
