#include "models/colour_path.h"

namespace cyclegan {

namespace {

class ColourPathGenerator : public Network {
 public:
  ColourPathGenerator(const NetworkSpec& spec, std::shared_ptr<Network> body)
      : Network(spec), body_(std::move(body)) {
    register_module("body", body_);
    colour_ = register_module(
        "colour", torch::nn::Conv2d(torch::nn::Conv2dOptions(spec.in_channels, spec.out_channels,
                                                             2 * kColourPathRadius + 1)
                                        .padding(kColourPathRadius)
                                        .padding_mode(torch::kReflect)));
    torch::NoGradGuard no_grad;
    colour_->weight.zero_();
    colour_->bias.zero_();
  }

  torch::Tensor forward(torch::Tensor x) override {
    torch::Tensor residual = colour_->forward(x) + body_->forward(x);
    // Gray inputs run the RGB network on replicated channels, so x and the output match in size.
    return (x + residual).clamp(-1, 1);
  }

 private:
  std::shared_ptr<Network> body_;
  torch::nn::Conv2d colour_{nullptr};
};

}  // namespace

std::shared_ptr<Network> make_colour_path_generator(const NetworkSpec& spec, std::shared_ptr<Network> body) {
  return std::make_shared<ColourPathGenerator>(spec, std::move(body));
}

}  // namespace cyclegan
