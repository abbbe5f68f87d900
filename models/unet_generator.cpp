// UnetGenerator and UnetSkipConnectionBlock of the official networks.py. Blocks nest through
// `model` Sequentials, giving keys such as model.model.1.model.3.model.1.weight:
//   outermost: 0 downconv 1 submodule 2 relu 3 upconv 4 tanh
//   middle:    0 leaky 1 downconv 2 norm 3 submodule 4 relu 5 upconv 6 norm [7 dropout]
//   innermost: 0 leaky 1 downconv 2 relu 3 upconv 4 norm
#include "base/errors.h"
#include "models/architectures.h"
#include "models/layers.h"
#include "models/transposed_conv.h"

namespace cyclegan {

namespace {

// Below these five levels (ngf*8 at the bottom, then ngf*4, *2, *1 and the outermost) the
// official U-Net repeats ngf*8 blocks: num_downs - 5 of them.
constexpr int kFixedLevels = 5;

enum class Level { Outermost, Middle, Innermost };

class UnetBlockImpl : public torch::nn::Module {
 public:
  UnetBlockImpl(int outer_nc, int inner_nc, int input_nc, torch::nn::AnyModule submodule,
                Level level, NormKind norm, bool dropout)
      : outermost_(level == Level::Outermost) {
    const bool bias = layers::conv_bias(norm);
    if (input_nc < 0) input_nc = outer_nc;
    // Downsampling conv 4x4/2; the outermost one and the innermost one have no norm after them.
    auto downconv = layers::conv(input_nc, inner_nc, 4, 2, 1, bias);
    if (level == Level::Outermost) {
      model->push_back(downconv);
      model->push_back(submodule);
      model->push_back(layers::relu());
      model->push_back(ConvTranspose(inner_nc * 2, outer_nc, 4, 2, 1, 0, /*bias=*/true));
      model->push_back(torch::nn::Tanh());
    } else if (level == Level::Innermost) {
      model->push_back(layers::leaky_relu());
      model->push_back(downconv);
      model->push_back(layers::relu());
      model->push_back(ConvTranspose(inner_nc, outer_nc, 4, 2, 1, 0, bias));
      model->push_back(layers::norm(norm, outer_nc));
    } else {
      model->push_back(layers::leaky_relu());
      model->push_back(downconv);
      model->push_back(layers::norm(norm, inner_nc));
      model->push_back(submodule);
      model->push_back(layers::relu());
      model->push_back(ConvTranspose(inner_nc * 2, outer_nc, 4, 2, 1, 0, bias));
      model->push_back(layers::norm(norm, outer_nc));
      if (dropout) model->push_back(torch::nn::Dropout(0.5));
    }
    register_module("model", model);
  }

  // Inner blocks concatenate their input (the skip connection) with their output.
  torch::Tensor forward(torch::Tensor x) {
    if (outermost_) return model->forward(x);
    return torch::cat({x, model->forward(x)}, 1);
  }

  // Outermost block only: the activation before the final tanh (for input_skip).
  torch::Tensor forward_before_tanh(torch::Tensor x) {
    return layers::run(model, x, static_cast<int>(model->size()) - 1);
  }

 private:
  bool outermost_;
  torch::nn::Sequential model;
};
TORCH_MODULE(UnetBlock);

class UnetGenerator : public Network {
 public:
  explicit UnetGenerator(const NetworkSpec& s) : Network(s) {
    const int ngf = s.width;
    torch::nn::AnyModule block(
        UnetBlock(ngf * 8, ngf * 8, -1, torch::nn::AnyModule(), Level::Innermost, s.norm, false));
    for (int i = 0; i < s.depth - kFixedLevels; ++i) {
      block = torch::nn::AnyModule(
          UnetBlock(ngf * 8, ngf * 8, -1, block, Level::Middle, s.norm, s.dropout));
    }
    block = torch::nn::AnyModule(UnetBlock(ngf * 4, ngf * 8, -1, block, Level::Middle, s.norm, false));
    block = torch::nn::AnyModule(UnetBlock(ngf * 2, ngf * 4, -1, block, Level::Middle, s.norm, false));
    block = torch::nn::AnyModule(UnetBlock(ngf, ngf * 2, -1, block, Level::Middle, s.norm, false));
    model = UnetBlock(s.out_channels, ngf, s.in_channels, block, Level::Outermost, s.norm, false);
    register_module("model", model);
  }

  torch::Tensor forward(torch::Tensor x) override {
    check_size(x);
    if (!spec().input_skip) return model->forward(x);
    return layers::skip_tanh(model->forward_before_tanh(x), x);
  }

 private:
  // Each level halves the size: other sizes would fail deep inside torch::cat.
  void check_size(const torch::Tensor& x) const {
    const int64_t multiple = int64_t{1} << spec().depth;
    if (x.dim() != 4 || x.size(2) % multiple != 0 || x.size(3) % multiple != 0) {
      throw InputError("The U-Net generator with " + std::to_string(spec().depth) +
                       " downsamplings needs images whose width and height are multiples of " +
                       std::to_string(multiple) + ".");
    }
  }

  UnetBlock model{nullptr};
};

}  // namespace

std::shared_ptr<Network> make_unet_generator(const NetworkSpec& spec) {
  if (spec.depth < kFixedLevels) {
    throw InputError("A U-Net generator needs at least " + std::to_string(kFixedLevels) +
                     " downsamplings (num_downs), not " + std::to_string(spec.depth) + ".");
  }
  return std::make_shared<UnetGenerator>(spec);
}

}  // namespace cyclegan
