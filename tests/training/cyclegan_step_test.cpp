// One iteration against the official formulas (cycle_gan_model.py), recomputed by hand on the
// same tiny networks before the step.
#include <gtest/gtest.h>

#include "core/cyclegan_step.h"
#include "core/texture_statistics.h"
#include "tests/training/training_fixtures.h"

namespace cyclegan {
namespace {

struct TinyNets {
  CycleGanNets nets;
  torch::Tensor a, b;
  TinyNets() {
    torch::manual_seed(42);
    nets.g = make_network(NetworkSpec::resnet(4, 1));
    nets.f = make_network(NetworkSpec::resnet(4, 1));
    nets.d_a = make_network(NetworkSpec::nlayer(4, 2));
    nets.d_b = make_network(NetworkSpec::nlayer(4, 2));
    a = torch::rand({1, 3, 16, 16}) * 2 - 1;
    b = torch::rand({1, 3, 16, 16}) * 2 - 1;
  }
  std::vector<torch::Tensor> params(std::initializer_list<Network*> nets_list) {
    std::vector<torch::Tensor> p;
    for (Network* n : nets_list)
      for (auto& t : n->parameters()) p.push_back(t);
    return p;
  }
};

double mse_to(const torch::Tensor& x, double v) { return (x - v).pow(2).mean().item<double>(); }
double l1(const torch::Tensor& x, const torch::Tensor& y) { return (x - y).abs().mean().item<double>(); }

TEST(CycleGanStep, LossesAndGradientsAreTheOfficialOnes) {
  TinyNets s;
  Network &G = *s.nets.g, &F = *s.nets.f, &DA = *s.nets.d_a, &DB = *s.nets.d_b;
  // By hand, official backward_G with lambda_A = lambda_B = 10, lambda_identity = 0.5.
  torch::Tensor fake_b = G.forward(s.a), rec_a = F.forward(fake_b);
  torch::Tensor fake_a = F.forward(s.b), rec_b = G.forward(fake_a);
  torch::Tensor idt_a = G.forward(s.b), idt_b = F.forward(s.a);
  torch::Tensor loss_g = (DA.forward(fake_b) - 1).pow(2).mean() + (DB.forward(fake_a) - 1).pow(2).mean() +
                         10 * (rec_a - s.a).abs().mean() + 10 * (rec_b - s.b).abs().mean() +
                         5 * (idt_a - s.b).abs().mean() + 5 * (idt_b - s.a).abs().mean();
  auto g_params = s.params({&G, &F});
  auto g_grads = torch::autograd::grad({loss_g}, g_params);
  // Official backward_D_basic on the fakes (the pool returns them while it fills).
  torch::Tensor loss_da = 0.5 * ((DA.forward(s.b) - 1).pow(2).mean() + DA.forward(fake_b.detach()).pow(2).mean());
  torch::Tensor loss_db = 0.5 * ((DB.forward(s.a) - 1).pow(2).mean() + DB.forward(fake_a.detach()).pow(2).mean());
  auto d_params = s.params({&DA, &DB});
  auto d_grads = torch::autograd::grad({loss_da + loss_db}, d_params);

  std::vector<torch::Tensor> g_before, d_before;
  for (auto& p : g_params) g_before.push_back(p.detach().clone());
  for (auto& p : d_params) d_before.push_back(p.detach().clone());

  auto opts = torch::optim::AdamOptions(2e-4).betas(std::make_tuple(0.5, 0.999));
  torch::optim::Adam opt_g(g_params, opts), opt_d(d_params, opts);
  ImagePool pool_b(50, 1), pool_a(50, 2);
  const StepLosses got = cyclegan_step(s.nets, opt_g, opt_d, pool_b, pool_a, s.a, s.b, LossWeights{});

  EXPECT_NEAR(got.cycle_a, 10 * l1(rec_a, s.a), 1e-5);
  EXPECT_NEAR(got.cycle_b, 10 * l1(rec_b, s.b), 1e-5);
  EXPECT_NEAR(got.idt_a, 5 * l1(idt_a, s.b), 1e-5);
  EXPECT_NEAR(got.idt_b, 5 * l1(idt_b, s.a), 1e-5);
  EXPECT_NEAR(got.d_a, loss_da.item<double>(), 1e-5);
  EXPECT_NEAR(got.d_b, loss_db.item<double>(), 1e-5);
  const double total = got.g_a + got.g_b + got.cycle_a + got.cycle_b + got.idt_a + got.idt_b;
  EXPECT_NEAR(total, loss_g.item<double>(), 1e-4);

  // Gradients left on the parameters are those of the generator loss (G, F) and of the two D
  // losses (D_A, D_B): the D step never back-propagates into the generators.
  for (size_t i = 0; i < g_params.size(); ++i)
    EXPECT_TRUE(torch::allclose(g_params[i].grad(), g_grads[i], 1e-4, 1e-6)) << "G/F param " << i;
  for (size_t i = 0; i < d_params.size(); ++i)
    EXPECT_TRUE(torch::allclose(d_params[i].grad(), d_grads[i], 1e-4, 1e-6)) << "D param " << i;
  // Adam's first step moves each weight by lr * g / (|g| + eps) whatever the betas.
  for (size_t i = 0; i < g_params.size(); ++i) {
    torch::Tensor expected = g_before[i] - 2e-4 * g_grads[i] / (g_grads[i].abs() + 1e-8);
    EXPECT_TRUE(torch::allclose(g_params[i].detach(), expected, 1e-4, 1e-7)) << "G/F param " << i;
  }
  for (auto& p : d_params) EXPECT_TRUE(p.requires_grad());
}

TEST(CycleGanStep, GeneratorAdversarialLossUsesTheDiscriminatorBeforeItsUpdate) {
  TinyNets s;
  torch::Tensor fake_b = s.nets.g->forward(s.a);
  torch::Tensor fake_a = s.nets.f->forward(s.b);
  const double g_a = mse_to(s.nets.d_a->forward(fake_b), 1);
  const double g_b = mse_to(s.nets.d_b->forward(fake_a), 1);
  auto opts = torch::optim::AdamOptions(2e-4).betas(std::make_tuple(0.5, 0.999));
  torch::optim::Adam opt_g(s.params({s.nets.g.get(), s.nets.f.get()}), opts);
  torch::optim::Adam opt_d(s.params({s.nets.d_a.get(), s.nets.d_b.get()}), opts);
  ImagePool pool_b(0, 1), pool_a(0, 2);
  const StepLosses got = cyclegan_step(s.nets, opt_g, opt_d, pool_b, pool_a, s.a, s.b, LossWeights{});
  EXPECT_NEAR(got.g_a, g_a, 1e-5);
  EXPECT_NEAR(got.g_b, g_b, 1e-5);
}

// The colour- and texture-statistics terms, D's augmentation and the start anchor change G's
// update only when switched on.
TEST(CycleGanStep, StatisticsTermsAugmentationAndStartAnchorChangeTheUpdateOnlyWhenOn) {
  // Maps that differ from what the tiny generators compute, so the anchor has something to pull.
  StartMaps maps;
  maps.g.map = torch::cat({torch::eye(3) * 0.5, torch::full({3, 1}, 0.2)}, 1);
  maps.f.map = torch::cat({torch::eye(3) * 1.5, torch::full({3, 1}, -0.1)}, 1);
  maps.g.texture_gain = torch::full({3, 3, kTextureQuantiles}, 0.5);
  maps.f.texture_gain = torch::full({3, 3, kTextureQuantiles}, 2.0);
  auto g_after = [&](double colour_stats, bool augment, double anchor, double texture_stats = 0) {
    TinyNets s;
    auto opts = torch::optim::AdamOptions(2e-4);
    torch::optim::Adam opt_g(s.params({s.nets.g.get(), s.nets.f.get()}), opts);
    torch::optim::Adam opt_d(s.params({s.nets.d_a.get(), s.nets.d_b.get()}), opts);
    ImagePool pool_b(0, 1), pool_a(0, 2);
    LossWeights w;
    w.lambda_colour_stats = colour_stats;
    w.lambda_texture_stats = texture_stats;
    w.lambda_start = anchor;
    DiffAugment aug(parse_augment_policy("translation+cutout"), 9);
    cyclegan_step(s.nets, opt_g, opt_d, pool_b, pool_a, s.a, s.b, w, augment ? &aug : nullptr, &maps);
    std::vector<torch::Tensor> flat;
    for (const auto& p : s.params({s.nets.g.get()})) flat.push_back(p.detach().flatten());
    return torch::cat(flat);
  };
  const torch::Tensor plain = g_after(0, false, 0);
  EXPECT_TRUE(torch::equal(plain, g_after(0, false, 0)));
  EXPECT_FALSE(torch::equal(plain, g_after(10, false, 0)));
  EXPECT_FALSE(torch::equal(plain, g_after(0, true, 0)));
  EXPECT_FALSE(torch::equal(plain, g_after(0, false, 0.5)));
  EXPECT_FALSE(torch::equal(plain, g_after(0, false, 0, 10)));
  // A direction without a gain is asked nothing: with F's alone G's update is the plain one,
  // with G's alone it is not.
  maps.g.texture_gain = torch::Tensor();
  EXPECT_TRUE(torch::equal(plain, g_after(0, false, 0, 10)));
  maps.g.texture_gain = torch::full({3, 3, kTextureQuantiles}, 0.5);
  maps.f.texture_gain = torch::Tensor();
  EXPECT_FALSE(torch::equal(plain, g_after(0, false, 0, 10)));
}

// F's adversarial share weighs only the loss D_B gives F: G's update is the same, F's is not,
// and the logged adversarial loss stays what D_B says (the learning check compares it with D's).
TEST(CycleGanStep, AnAdversarialShareWeighsOnlyItsOwnGenerator) {
  auto after = [](double f_adversarial) {
    TinyNets s;
    StartMaps maps;
    maps.g.map = maps.f.map = torch::cat({torch::eye(3), torch::zeros({3, 1})}, 1);
    maps.f.shares.adversarial = f_adversarial;
    auto opts = torch::optim::AdamOptions(2e-4);
    torch::optim::Adam opt_g(s.params({s.nets.g.get(), s.nets.f.get()}), opts);
    torch::optim::Adam opt_d(s.params({s.nets.d_a.get(), s.nets.d_b.get()}), opts);
    ImagePool pool_b(0, 1), pool_a(0, 2);
    const StepLosses losses = cyclegan_step(s.nets, opt_g, opt_d, pool_b, pool_a, s.a, s.b, LossWeights{}, nullptr, &maps);
    auto flat = [&](Network* n) {
      std::vector<torch::Tensor> p;
      for (const auto& t : s.params({n})) p.push_back(t.detach().flatten());
      return torch::cat(p);
    };
    return std::make_tuple(flat(s.nets.g.get()), flat(s.nets.f.get()), losses.g_b);
  };
  const auto [g_full, f_full, logged_full] = after(1);
  const auto [g_none, f_none, logged_none] = after(0);
  EXPECT_TRUE(torch::equal(g_full, g_none));
  EXPECT_FALSE(torch::equal(f_full, f_none));
  EXPECT_DOUBLE_EQ(logged_full, logged_none);
}

TEST(CycleGanStep, CycleNoiseReachesTheWayBackAndNothingElse) {
  const double sigma = 0.3;
  TinyNets s;
  Network &G = *s.nets.g, &F = *s.nets.f;
  // By hand: the noise comes from torch's generator, G's fake first, then F's.
  torch::manual_seed(7);
  torch::Tensor fake_b = G.forward(s.a), fake_a = F.forward(s.b);
  torch::Tensor noise_b = torch::randn_like(fake_b), noise_a = torch::randn_like(fake_a);
  const double cycle_a = 10 * l1(F.forward(fake_b + sigma * noise_b), s.a);
  const double cycle_b = 10 * l1(G.forward(fake_a + sigma * noise_a), s.b);
  const double clean_cycle_a = 10 * l1(F.forward(fake_b), s.a);

  auto step = [&](double noise) {
    TinyNets fresh;
    auto opts = torch::optim::AdamOptions(2e-4);
    torch::optim::Adam opt_g(fresh.params({fresh.nets.g.get(), fresh.nets.f.get()}), opts);
    torch::optim::Adam opt_d(fresh.params({fresh.nets.d_a.get(), fresh.nets.d_b.get()}), opts);
    ImagePool pool_b(0, 1), pool_a(0, 2);
    LossWeights w;
    w.cycle_noise = noise;
    torch::manual_seed(7);
    return cyclegan_step(fresh.nets, opt_g, opt_d, pool_b, pool_a, fresh.a, fresh.b, w);
  };
  const StepLosses noisy = step(sigma), clean = step(0);
  EXPECT_NEAR(noisy.cycle_a, cycle_a, 1e-5);
  EXPECT_NEAR(noisy.cycle_b, cycle_b, 1e-5);
  EXPECT_NEAR(clean.cycle_a, clean_cycle_a, 1e-5);
  EXPECT_GT(std::abs(noisy.cycle_a - clean.cycle_a), 1e-3);
  // What D judges and what the identity loss compares are the fakes as they are.
  EXPECT_DOUBLE_EQ(noisy.g_a, clean.g_a);
  EXPECT_DOUBLE_EQ(noisy.g_b, clean.g_b);
  EXPECT_DOUBLE_EQ(noisy.idt_a, clean.idt_a);
  EXPECT_DOUBLE_EQ(noisy.d_a, clean.d_a);
}

TEST(CycleGanStep, WithNoCycleGradientToTheFakesMakerTheCycleTrainsOnlyTheWayBack) {
  TinyNets s;
  Network &G = *s.nets.g, &F = *s.nets.f, &DA = *s.nets.d_a, &DB = *s.nets.d_b;
  // By hand: the official generator loss with each fake held constant where the cycle reads it.
  torch::Tensor fake_b = G.forward(s.a), fake_a = F.forward(s.b);
  torch::Tensor rec_a = F.forward(fake_b.detach()), rec_b = G.forward(fake_a.detach());
  torch::Tensor loss_g = (DA.forward(fake_b) - 1).pow(2).mean() + (DB.forward(fake_a) - 1).pow(2).mean() +
                         10 * (rec_a - s.a).abs().mean() + 10 * (rec_b - s.b).abs().mean() +
                         5 * (G.forward(s.b) - s.b).abs().mean() + 5 * (F.forward(s.a) - s.a).abs().mean();
  auto g_params = s.params({&G, &F});
  auto expected = torch::autograd::grad({loss_g}, g_params);

  auto opts = torch::optim::AdamOptions(2e-4);
  torch::optim::Adam opt_g(g_params, opts), opt_d(s.params({&DA, &DB}), opts);
  ImagePool pool_b(0, 1), pool_a(0, 2);
  LossWeights w;
  w.cycle_grad_first = 0;
  const StepLosses got = cyclegan_step(s.nets, opt_g, opt_d, pool_b, pool_a, s.a, s.b, w);
  EXPECT_NEAR(got.cycle_a, 10 * l1(rec_a, s.a), 1e-5);  // the loss's value is the official one
  for (size_t i = 0; i < g_params.size(); ++i)
    EXPECT_TRUE(torch::allclose(g_params[i].grad(), expected[i], 1e-4, 1e-6)) << "G/F param " << i;
}

TEST(CycleGanStep, AColourMapActsOnEveryPixelAndClampsLikeAGenerator) {
  const torch::Tensor map = torch::tensor({{2.0f, 0.0f, 0.0f, 0.5f}, {0.0f, 1.0f, 1.0f, 0.0f}, {0.0f, 0.0f, -1.0f, 0.0f}});
  const torch::Tensor x = torch::tensor({0.4f, 0.1f, -0.3f}).view({1, 3, 1, 1}).expand({2, 3, 4, 5});
  const torch::Tensor y = apply_colour_map(map, x);
  ASSERT_EQ(y.sizes(), x.sizes());
  EXPECT_FLOAT_EQ(y[1][0][3][4].item<float>(), 1.0f);   // 2 * 0.4 + 0.5 = 1.3, clamped
  EXPECT_FLOAT_EQ(y[0][1][2][2].item<float>(), -0.2f);  // 0.1 - 0.3
  EXPECT_FLOAT_EQ(y[1][2][0][0].item<float>(), 0.3f);
}

TEST(CycleGanStep, TheAnchorAtACoarseScaleLetsStructureChangeButNotRegionColour) {
  torch::manual_seed(5);
  const torch::Tensor start = torch::rand({2, 3, 16, 16}) * 2 - 1;
  // A checkerboard of +-0.2: every 2 x 2 block (so every 8 x 8 block) keeps its mean.
  const torch::Tensor checker =
      ((torch::arange(16).view({16, 1}) + torch::arange(16).view({1, 16})) % 2).to(torch::kFloat) * 0.4 - 0.2;
  const torch::Tensor strokes = start + checker;
  EXPECT_NEAR(start_anchor_loss(strokes, start, 1).item<double>(), 0.2, 1e-6);
  EXPECT_NEAR(start_anchor_loss(strokes, start, 8).item<double>(), 0.0, 1e-6);
  // A colour shift costs the same at every scale.
  for (int pool : {1, 2, 8}) EXPECT_NEAR(start_anchor_loss(start + 0.1, start, pool).item<double>(), 0.1, 1e-6);
  // 12 x 12 at pool 8: the edge blocks are averaged over the pixels they have (a shift in the
  // last 4 columns is 0.1 in the right-hand blocks, half of the 2 x 2 blocks).
  const torch::Tensor small = start.slice(2, 0, 12).slice(3, 0, 12);
  torch::Tensor shifted = small.clone();
  shifted.slice(3, 8, 12).add_(0.1);
  EXPECT_NEAR(start_anchor_loss(shifted, small, 8).item<double>(), 0.05, 1e-6);
  // And it pulls: the gradient is not zero where a block's colour differs.
  torch::Tensor fake = (small + 0.1).requires_grad_(true);
  start_anchor_loss(fake, small, 8).backward();
  EXPECT_GT(fake.grad().abs().sum().item<double>(), 0);
}

TEST(CycleGanStep, TheTextureTermAsksForTheChangeBetweenTheDomainsNotForOtherPicturesTextures) {
  torch::manual_seed(6);
  // Smooth shading, and the same shading with fine grain.
  const torch::Tensor ramp = torch::linspace(-0.5, 0.5, 32).view({1, 1, 1, 32}).expand({2, 3, 32, 32});
  const torch::Tensor grainy = ramp + 0.2 * torch::randn({2, 3, 32, 32});
  // Domains whose textures are alike ask every picture to keep its own, whatever it shows:
  // grain is not pulled toward the smooth shading, nor the shading toward grain.
  const torch::Tensor same = texture_gain(texture_statistics(grainy), texture_statistics(grainy));
  EXPECT_NEAR(texture_change_loss(grainy, grainy, same).item<double>(), 0.0, 1e-5);
  EXPECT_NEAR(texture_change_loss(ramp, ramp, same).item<double>(), 0.0, 1e-5);
  // Colour-blind: a shifted colour with the same variation costs nothing.
  EXPECT_NEAR(texture_change_loss(ramp + 0.3, ramp, same).item<double>(), 0.0, 1e-5);
  // From a grainy domain to a smooth one: a fake that keeps the grain costs, the smooth one does not.
  const torch::Tensor smoothing = texture_gain(texture_statistics(grainy), texture_statistics(ramp));
  EXPECT_NEAR(texture_change_loss(ramp, grainy, smoothing).item<double>(), 0.0, 1e-4);
  EXPECT_GT(texture_change_loss(grainy, grainy, smoothing).item<double>(), 0.5);
  // Each image on its own, as a batch of one would give (to within the histogram's bins).
  const torch::Tensor each = texture_statistics_each(grainy);
  EXPECT_TRUE(torch::allclose(each[1], texture_statistics(grainy.slice(0, 1, 2)), 0, 2.0 / 8192));
  EXPECT_TRUE(torch::allclose(each[0], texture_statistics(grainy.slice(0, 0, 1)), 0, 2.0 / 8192));
  // The gate's measure: below 1 only where every scale and channel varies less in the target.
  EXPECT_LT(largest_mean_texture_gain(texture_statistics(grainy), texture_statistics(ramp)), 0.9);
  EXPECT_GT(largest_mean_texture_gain(texture_statistics(ramp), texture_statistics(grainy)), 1.2);
  EXPECT_NEAR(largest_mean_texture_gain(texture_statistics(ramp), texture_statistics(ramp)), 1.0, 1e-6);
  torch::Tensor one_channel_grainier = ramp.clone();
  one_channel_grainier.select(1, 2).copy_(grainy.select(1, 2));
  EXPECT_GT(largest_mean_texture_gain(texture_statistics(ramp), texture_statistics(one_channel_grainier)), 1.2);
  // Its gradient smooths the grain: a step against it lowers the distance.
  const torch::Tensor fake = grainy.clone().requires_grad_(true);
  texture_change_loss(fake, grainy, smoothing).backward();
  const torch::Tensor stepped = grainy - 0.05 * fake.grad().sign();
  EXPECT_LT(texture_change_loss(stepped, grainy, smoothing).item<double>(),
            texture_change_loss(grainy, grainy, smoothing).item<double>());
}

TEST(CycleGanStep, NoIdentityLossWhenItsWeightIsZero) {
  TinyNets s;
  auto opts = torch::optim::AdamOptions(2e-4);
  torch::optim::Adam opt_g(s.params({s.nets.g.get(), s.nets.f.get()}), opts);
  torch::optim::Adam opt_d(s.params({s.nets.d_a.get(), s.nets.d_b.get()}), opts);
  ImagePool pool_b(0, 1), pool_a(0, 2);
  LossWeights w;
  w.lambda_identity = 0;
  const StepLosses got = cyclegan_step(s.nets, opt_g, opt_d, pool_b, pool_a, s.a, s.b, w);
  EXPECT_EQ(got.idt_a, 0);
  EXPECT_EQ(got.idt_b, 0);
  EXPECT_GT(got.cycle_a, 0);
  EXPECT_EQ(got.named().size(), 8u);
  EXPECT_EQ(got.named()[0].first, "D_A");
}

TEST(CycleGanStep, WganGpAndVanillaModesTrain) {
  for (GanMode mode : {GanMode::Vanilla, GanMode::WGANGP}) {
    TinyNets s;
    auto opts = torch::optim::AdamOptions(2e-4);
    torch::optim::Adam opt_g(s.params({s.nets.g.get(), s.nets.f.get()}), opts);
    torch::optim::Adam opt_d(s.params({s.nets.d_a.get(), s.nets.d_b.get()}), opts);
    ImagePool pool_b(0, 1), pool_a(0, 2);
    LossWeights w;
    w.gan_mode = mode;
    const StepLosses got = cyclegan_step(s.nets, opt_g, opt_d, pool_b, pool_a, s.a, s.b, w);
    for (auto& [name, v] : got.named()) EXPECT_TRUE(std::isfinite(v)) << name;
  }
}

}  // namespace
}  // namespace cyclegan
