#include "models/networks.h"

#include <string>

#include "base/errors.h"
#include "models/architectures.h"
#include "models/colour_path.h"
#include "models/transposed_conv.h"

namespace cyclegan {

namespace {

// Beyond these a spec is a typo or a corrupt file, not a network anyone trains.
constexpr int kMaxWidth = 1024;
constexpr int kMaxDepth = 64;

void check_spec(const NetworkSpec& spec) {
  if (spec.width < 1 || spec.width > kMaxWidth || spec.in_channels < 1 ||
      spec.in_channels > kMaxWidth || spec.out_channels < 1 || spec.out_channels > kMaxWidth ||
      spec.depth < 0 || spec.depth > kMaxDepth ||
      (spec.kind == NetKind::NLayerDiscriminator && spec.depth < 1)) {
    throw InputError("Cannot build the network \"" + spec.describe() +
                     "\": its width, depth or channel counts are out of range.");
  }
}

// input_skip computes tanh(z + atanh(x)); with the official random init z starts as per-pixel
// noise (measured: 6 dB worse than the untouched photo on the grade task). Zeroing the layer that
// produces z (the last conv in module order: resnet's 7x7 conv, the U-Net's outermost upconv)
// makes an untrained generator the identity, while its weight gradient (activations x upstream
// gradient) is not zero, so training moves it at once ("zero-init the residual branch").
void zero_output_layer(torch::nn::Module& net) {
  torch::NoGradGuard no_grad;
  torch::Tensor weight, bias;
  for (const auto& module : net.modules(/*include_self=*/false)) {
    if (auto* conv = dynamic_cast<torch::nn::Conv2dImpl*>(module.get())) {
      weight = conv->weight, bias = conv->bias;
    } else if (auto* convt = dynamic_cast<ConvTransposeImpl*>(module.get())) {
      weight = convt->weight, bias = convt->bias;
    }
  }
  if (weight.defined()) weight.zero_();
  if (bias.defined()) bias.zero_();
}

}  // namespace

std::shared_ptr<Network> make_network(const NetworkSpec& spec) {
  check_spec(spec);
  if (spec.colour_path) {
    if (!spec.is_generator() || spec.in_channels != spec.out_channels)
      throw InputError("A colour path needs a generator with as many output channels as input channels.");
    NetworkSpec body = spec;
    body.colour_path = false;
    body.input_skip = false;
    auto net = make_network(body);
    zero_output_layer(*net);  // tanh(0) = 0: the body adds nothing at start
    return make_colour_path_generator(spec, net);
  }
  std::shared_ptr<Network> net;
  switch (spec.kind) {
    case NetKind::ResnetGenerator: net = make_resnet_generator(spec); break;
    case NetKind::UnetGenerator: net = make_unet_generator(spec); break;
    case NetKind::NLayerDiscriminator: net = make_nlayer_discriminator(spec); break;
    case NetKind::PixelDiscriminator: net = make_pixel_discriminator(spec); break;
  }
  init_weights_normal(*net);
  if (spec.is_generator() && spec.input_skip) zero_output_layer(*net);
  return net;
}

void init_weights_normal(torch::nn::Module& net, double gain) {
  torch::NoGradGuard no_grad;
  // networks.py init_func: classes named *Conv* (Conv2d, ConvTranspose2d) get N(0, gain)
  // weights and zero biases; BatchNorm2d gets N(1, gain) weights and zero biases.
  auto init = [&](torch::Tensor& weight, torch::Tensor& bias, double mean) {
    weight.normal_(mean, gain);
    if (bias.defined()) bias.zero_();
  };
  for (const auto& module : net.modules(/*include_self=*/true)) {
    if (auto* conv = dynamic_cast<torch::nn::Conv2dImpl*>(module.get())) {
      init(conv->weight, conv->bias, 0.0);
    } else if (auto* convt = dynamic_cast<ConvTransposeImpl*>(module.get())) {
      init(convt->weight, convt->bias, 0.0);
    } else if (auto* bn = dynamic_cast<torch::nn::BatchNorm2dImpl*>(module.get())) {
      init(bn->weight, bn->bias, 1.0);
    }
  }
}

}  // namespace cyclegan
