#include "models/projected_discriminator.h"

#include "models/layers.h"

namespace cyclegan {

namespace {

class ProjectedDiscriminator : public Network {
 public:
  ProjectedDiscriminator(std::shared_ptr<const EarlyMobileNetV2> features, int width)
      : Network(NetworkSpec::nlayer(width, 1)), features_(std::move(features)) {
    const std::vector<int> channels = EarlyMobileNetV2::channels();
    for (size_t i = 0; i < channels.size(); ++i) {
      torch::nn::Sequential head;
      head->push_back(layers::conv(channels[i], width, 3, 1, 1, /*bias=*/true));
      head->push_back(layers::leaky_relu());
      head->push_back(layers::conv(width, 1, 3, 1, 1, /*bias=*/true));
      heads_.push_back(register_module("head" + std::to_string(i), head));
    }
  }

  torch::Tensor forward(torch::Tensor x) override {
    const std::vector<torch::Tensor> features = features_->forward(x);
    std::vector<torch::Tensor> verdicts;
    for (size_t i = 0; i < heads_.size(); ++i) verdicts.push_back(heads_[i]->forward(features[i]).flatten(1));
    return torch::cat(verdicts, 1);
  }

 private:
  std::shared_ptr<const EarlyMobileNetV2> features_;
  std::vector<torch::nn::Sequential> heads_;
};

}  // namespace

std::shared_ptr<Network> make_projected_discriminator(std::shared_ptr<const EarlyMobileNetV2> features,
                                                      int width) {
  return std::make_shared<ProjectedDiscriminator>(std::move(features), width);
}

}  // namespace cyclegan
