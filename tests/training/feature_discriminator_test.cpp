// The discriminators on pretrained features: the built-in MobileNetV2 blocks compute what the
// source network computes, and a discriminator's gradient reaches the image, never the frozen
// features.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/feature_network.h"
#include "models/projected_discriminator.h"
#include "models/torch_pickle.h"
#include "tests/fixture_files.h"

namespace cyclegan {
namespace {

torch::Tensor entry(const StateDict& state, const std::string& key) {
  for (const auto& [name, tensor] : state)
    if (name == key) return tensor;
  ADD_FAILURE() << "no " << key;
  return {};
}

TEST(FeatureNetwork, TheBuiltInBlocksComputeWhatTheSourceNetworkComputes) {
  const StateDict reference = read_torch_save(cyclegan_fixtures::file("mobilenet_v2_early_reference.pth"));
  const std::vector<torch::Tensor> features = builtin_feature_network()->forward(entry(reference, "input"));
  ASSERT_EQ(features.size(), 2u);
  const torch::Tensor quarter = entry(reference, "quarter"), eighth = entry(reference, "eighth");
  EXPECT_EQ(features[0].sizes(), quarter.sizes());  // 24 x 6 x 8 for a 24 x 32 input
  EXPECT_EQ(features[1].sizes(), eighth.sizes());   // 32 x 3 x 4
  EXPECT_GT(eighth.abs().mean().item<double>(), 0.5);  // features, not zeros
  EXPECT_TRUE(torch::allclose(features[0], quarter, 1e-4, 1e-3));
  EXPECT_TRUE(torch::allclose(features[1], eighth, 1e-4, 1e-3));
}

TEST(FeatureNetwork, ADiscriminatorTrainsItsHeadsAndPassesGradientsToTheImage) {
  auto d = make_projected_discriminator(builtin_feature_network(), 8);
  const std::vector<torch::Tensor> parameters = d->parameters();
  EXPECT_EQ(parameters.size(), 8u);  // two heads of two convs, weights and biases: nothing else
  const torch::Tensor x = torch::rand({2, 3, 32, 48}) * 2 - 1;
  x.set_requires_grad(true);
  const torch::Tensor verdicts = d->forward(x);
  EXPECT_EQ(verdicts.sizes(), (torch::IntArrayRef{2, 8 * 12 + 4 * 6}));  // 1/4 and 1/8 maps, flattened
  verdicts.pow(2).mean().backward();
  EXPECT_GT(x.grad().abs().sum().item<double>(), 0);
  for (const torch::Tensor& p : parameters) EXPECT_TRUE(p.grad().defined());
}

TEST(FeatureNetwork, NotTheFeatureFileIsOneSentence) {
  StateDict other{{"stem.weight", torch::zeros({8, 3, 3, 3})}};
  try {
    EarlyMobileNetV2::from_state(other, "other.pth");
    ADD_FAILURE() << "accepted";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("other.pth is not the MobileNetV2 feature file"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace cyclegan
