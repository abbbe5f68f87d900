// The colour-path generator (models/colour_path.h): exactly the identity at start, both of its
// zeroed layers learn from the first step, and its description survives the model file's text.
#include <gtest/gtest.h>

#include "models/colour_path.h"
#include "models/networks.h"

namespace cyclegan {
namespace {

NetworkSpec with_colour_path(NetworkSpec spec) {
  spec.colour_path = true;
  return spec;
}

TEST(ColourPath, StartsAsTheIdentityForResnetAndUnet) {
  torch::manual_seed(5);
  torch::NoGradGuard no_grad;
  const auto x = torch::rand({2, 3, 32, 32}) * 2 - 1;  // the full range: no clamp may bite
  for (const auto& spec : {with_colour_path(NetworkSpec::resnet(8, 2)), with_colour_path(NetworkSpec::unet(8, 5))}) {
    auto net = make_network(spec);
    EXPECT_TRUE(torch::equal(net->forward(x), x)) << spec.describe();
    net->eval();
    EXPECT_TRUE(torch::equal(net->forward(x), x)) << spec.describe();
  }
}

TEST(ColourPath, OneStepMovesBothTheColourPathAndTheBody) {
  torch::manual_seed(6);
  auto net = make_network(with_colour_path(NetworkSpec::resnet(8, 2)));
  const auto x = torch::rand({1, 3, 32, 32}) * 1.6 - 0.8;
  // A darker, flatter target: what a colour grade asks for.
  (net->forward(x) - (0.7 * x - 0.1)).abs().mean().backward();
  const auto params = net->named_parameters();
  ASSERT_TRUE(params.contains("colour.weight"));
  EXPECT_GT(params["colour.weight"].grad().norm().item<double>(), 0);
  EXPECT_GT(params["colour.bias"].grad().norm().item<double>(), 0);
  // The body's zeroed output conv (model.19 of a 2-block resnet: index 17 + n_blocks) learns too.
  EXPECT_GT(params["body.model.19.weight"].grad().norm().item<double>(), 0);
}

TEST(ColourPath, LearnsAGlobalToneChangeQuickly) {
  // A plain regression on the kind of change the official generators are slow at: contrast
  // down, blacks lifted. 200 Adam steps must remove most of the error the identity makes on
  // held-out pixels (measured: to ~0.15-0.2 of it with LibTorch 1.13 and 2.6, whose random
  // streams differ). One thread: OpenMP threads spin badly on a busy 2-core CI machine.
  const int threads = at::get_num_threads();
  at::set_num_threads(1);
  torch::manual_seed(7);
  auto net = make_network(with_colour_path(NetworkSpec::resnet(4, 1)));
  torch::optim::Adam adam(net->parameters(), torch::optim::AdamOptions(1e-2));
  auto target = [](const torch::Tensor& x) { return 0.75 * x + 0.1; };
  for (int i = 0; i < 200; ++i) {
    const auto x = torch::rand({1, 3, 24, 24}) * 2 - 1;
    adam.zero_grad();
    (net->forward(x) - target(x)).abs().mean().backward();
    adam.step();
  }
  torch::NoGradGuard no_grad;
  const auto x = torch::rand({1, 3, 24, 24}) * 2 - 1;
  const double identity_error = (x - target(x)).abs().mean().item<double>();
  const double error = (net->forward(x) - target(x)).abs().mean().item<double>();
  at::set_num_threads(threads);
  EXPECT_LT(error, 0.3 * identity_error) << error << " vs the identity's " << identity_error;
}

TEST(ColourPath, DescriptionRoundTripsAndOlderTextReadsWithoutIt) {
  const NetworkSpec spec = with_colour_path(NetworkSpec::resnet(16, 3));
  EXPECT_NE(spec.serialize().find("colour=1"), std::string::npos);
  EXPECT_EQ(NetworkSpec::parse(spec.serialize()), spec);
  EXPECT_FALSE(NetworkSpec::parse(NetworkSpec::resnet(16, 3).serialize()).colour_path);
  NetworkSpec d = NetworkSpec::nlayer(8, 2);
  EXPECT_THROW(NetworkSpec::parse(d.serialize() + " colour=1"), std::exception);
}

}  // namespace
}  // namespace cyclegan
