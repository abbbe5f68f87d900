// GANLoss and cal_gradient_penalty against the official formulas on fixed tensors.
#include <gtest/gtest.h>

#include <cmath>

#include "core/gan_loss.h"
#include "base/errors.h"
#include "models/networks.h"

namespace cyclegan {
namespace {

torch::Tensor fixed_prediction() {
  return torch::tensor({0.3, -1.2, 2.0, 0.9, -0.1, 0.0}, torch::kDouble).reshape({1, 1, 2, 3});
}

TEST(GanLoss, LsganIsMeanSquaredDistanceToOneOrZero) {
  const std::vector<double> p = {0.3, -1.2, 2.0, 0.9, -0.1, 0.0};
  double real = 0, fake = 0;
  for (double v : p) real += (v - 1) * (v - 1), fake += v * v;
  EXPECT_NEAR(gan_loss(GanMode::LSGAN, fixed_prediction(), true).item<double>(), real / 6, 1e-12);
  EXPECT_NEAR(gan_loss(GanMode::LSGAN, fixed_prediction(), false).item<double>(), fake / 6, 1e-12);
}

TEST(GanLoss, VanillaIsBinaryCrossEntropyOnLogits) {
  const std::vector<double> p = {0.3, -1.2, 2.0, 0.9, -0.1, 0.0};
  double real = 0, fake = 0;
  for (double v : p) {
    const double s = 1 / (1 + std::exp(-v));
    real += -std::log(s);
    fake += -std::log(1 - s);
  }
  EXPECT_NEAR(gan_loss(GanMode::Vanilla, fixed_prediction(), true).item<double>(), real / 6, 1e-12);
  EXPECT_NEAR(gan_loss(GanMode::Vanilla, fixed_prediction(), false).item<double>(), fake / 6, 1e-12);
}

TEST(GanLoss, WganIsMinusMeanForRealAndMeanForFake) {
  const double mean = (0.3 - 1.2 + 2.0 + 0.9 - 0.1 + 0.0) / 6;
  EXPECT_NEAR(gan_loss(GanMode::WGANGP, fixed_prediction(), true).item<double>(), -mean, 1e-12);
  EXPECT_NEAR(gan_loss(GanMode::WGANGP, fixed_prediction(), false).item<double>(), mean, 1e-12);
}

TEST(GanLoss, ParsesTheOfficialNames) {
  EXPECT_EQ(parse_gan_mode("lsgan"), GanMode::LSGAN);
  EXPECT_EQ(parse_gan_mode("vanilla"), GanMode::Vanilla);
  EXPECT_EQ(parse_gan_mode("wgangp"), GanMode::WGANGP);
  EXPECT_THROW(parse_gan_mode("hinge"), InputError);
}

// A linear "discriminator" D(x) = sum(w * x): its input gradient is w for every sample, so the
// penalty is known in closed form whatever alpha is drawn.
class LinearCritic : public Network {
 public:
  explicit LinearCritic(torch::Tensor w) : Network(NetworkSpec::pixel(1)), w_(register_parameter("w", w)) {}
  torch::Tensor forward(torch::Tensor x) override { return (x * w_).sum({1, 2, 3}); }

 private:
  torch::Tensor w_;
};

TEST(GanLoss, GradientPenaltyMatchesOfficialFormula) {
  torch::manual_seed(3);
  torch::Tensor w = torch::randn({1, 3, 4, 4}, torch::kDouble);
  LinearCritic critic(w.clone());
  torch::Tensor real = torch::randn({2, 3, 4, 4}, torch::kDouble);
  torch::Tensor fake = torch::randn({2, 3, 4, 4}, torch::kDouble);
  const double norm = (w.reshape({-1}) + 1e-16).norm().item<double>();
  const double expected = 10.0 * (norm - 1.0) * (norm - 1.0);
  torch::Tensor gp = gradient_penalty(critic, real, fake);
  EXPECT_NEAR(gp.item<double>(), expected, 1e-9);
  // It must be differentiable with respect to D's parameters (create_graph): d/dw of
  // 10 (|w| - 1)^2 = 20 (|w| - 1) w / |w|.
  gp.backward();
  torch::Tensor expected_grad = 20.0 * (norm - 1.0) * w / norm;
  EXPECT_TRUE(torch::allclose(critic.parameters()[0].grad(), expected_grad, 1e-6, 1e-9));
}

}  // namespace
}  // namespace cyclegan
