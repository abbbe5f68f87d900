// The colour-transfer start (core/colour_transfer.h): the map carries one domain's colour
// statistics onto the other's, the two directions are each other's inverse, and a trainer asked
// for it starts G and F there.
#include <gtest/gtest.h>

#include "core/colour_transfer.h"
#include "tests/training/training_fixtures.h"

namespace cyclegan {
namespace {

// n images of `size` px whose pixels are `mix` applied to random colours, plus `offset`.
ImageSource mixed_colours(size_t n, int size, torch::Tensor mix, torch::Tensor offset) {
  ImageSource s;
  s.size = n;
  s.sample = [=](size_t index, std::mt19937_64&) {
    torch::Generator gen = at::detail::createCPUGenerator(1000 + index);
    const torch::Tensor colours = torch::rand({3, size * size}, gen, torch::kFloat) * 2 - 1;
    return (mix.matmul(colours) + offset.unsqueeze(1)).reshape({3, size, size});
  };
  return s;
}

torch::Tensor apply_map(const torch::Tensor& map, const torch::Tensor& pixels) {  // pixels: 3 x N
  return map.slice(1, 0, 3).matmul(pixels) + map.select(1, 3).unsqueeze(1);
}

const torch::Tensor kColourful = torch::tensor({{0.5, 0.1, 0.0}, {0.1, 0.4, 0.1}, {0.0, 0.2, 0.45}}, torch::kFloat);
// Every channel a weighted sum of the same luminance: a sepia-like domain, almost no colour.
const torch::Tensor kSepia = torch::tensor({{0.30, 0.45, 0.10}, {0.25, 0.38, 0.08}, {0.20, 0.30, 0.06}}, torch::kFloat);

TEST(ColourTransfer, CarriesTheMeanAndCovarianceOfOneDomainOntoTheOther) {
  const ImageSource a = mixed_colours(20, 16, kColourful, torch::tensor({0.1f, -0.2f, 0.0f}));
  const ImageSource b = mixed_colours(20, 16, kColourful.flip(0) * 0.4, torch::tensor({-0.1f, 0.1f, 0.2f}));
  const ColourStatistics sa = colour_statistics(a, 64, 1), sb = colour_statistics(b, 64, 2);
  const torch::Tensor map = linear_colour_transfer(sa, sb);

  ImageSource moved = a;
  moved.sample = [&](size_t index, std::mt19937_64& rng) {
    const torch::Tensor x = a.sample(index, rng);
    return apply_map(map, x.to(torch::kFloat64).reshape({3, -1})).reshape(x.sizes());
  };
  const ColourStatistics sm = colour_statistics(moved, 64, 3);
  EXPECT_LT((sm.mean - sb.mean).abs().max().item<double>(), 1e-6);
  // Exact but for the floor added to both covariances (kColourFloor^2 ~ 1e-3).
  EXPECT_LT((sm.covariance - sb.covariance).abs().max().item<double>(), 0.005);
  EXPECT_GT((sm.covariance - sa.covariance).abs().max().item<double>(), 0.05);  // it did move
}

TEST(ColourTransfer, TheTwoDirectionsAreInverseEvenForALossyLook) {
  const ImageSource a = mixed_colours(10, 16, kColourful, torch::zeros({3}));
  const ImageSource b = mixed_colours(10, 16, kSepia, torch::tensor({0.1f, 0.0f, -0.1f}));
  const ColourStatistics sa = colour_statistics(a, 64, 1), sb = colour_statistics(b, 64, 2);
  const torch::Tensor there = linear_colour_transfer(sa, sb), back = linear_colour_transfer(sb, sa);
  const torch::Tensor pixels = torch::rand({3, 100}, torch::kFloat64) * 2 - 1;
  EXPECT_TRUE(torch::allclose(apply_map(back, apply_map(there, pixels)), pixels, 1e-6, 1e-6));
  // The floor bounds the gain of the way back: sepia's faint colour is amplified, not exploded.
  EXPECT_LT(torch::linalg_svdvals(back.slice(1, 0, 3)).max().item<double>(), 1.0 / kColourFloor);
}

TEST(ColourTransfer, TonesFirstAlsoCarriesTheStatisticsAndIsItsOwnWayBack) {
  const ImageSource a = mixed_colours(20, 16, kColourful, torch::tensor({0.1f, -0.2f, 0.0f}));
  const ImageSource b = mixed_colours(20, 16, kColourful.flip(0) * 0.4, torch::tensor({-0.1f, 0.1f, 0.2f}));
  const ColourStatistics sa = colour_statistics(a, 64, 1), sb = colour_statistics(b, 64, 2);
  const torch::Tensor there = luminance_first_colour_transfer(sa, sb), back = luminance_first_colour_transfer(sb, sa);
  const torch::Tensor t = there.slice(1, 0, 3);
  EXPECT_LT((there.select(1, 3) + t.matmul(sa.mean) - sb.mean).abs().max().item<double>(), 1e-9);
  const torch::Tensor floor = torch::eye(3, torch::kFloat64) * (kColourFloor * kColourFloor);
  EXPECT_LT((t.matmul(sa.covariance + floor).matmul(t.t()) - (sb.covariance + floor)).abs().max().item<double>(), 1e-9);
  const torch::Tensor pixels = torch::rand({3, 100}, torch::kFloat64) * 2 - 1;
  EXPECT_TRUE(torch::allclose(apply_map(back, apply_map(there, pixels)), pixels, 1e-6, 1e-6));
}

// B: other images of the same kind as A, through a tint of their Rec. 601 luma (what sepia and
// black and white are), and the mean error of a map against that tint on fresh pixels.
struct TintedPair {
  torch::Tensor sepia, offset;
  ColourStatistics a, b;

  TintedPair() {
    const torch::Tensor luma = torch::tensor({0.299, 0.587, 0.114}, torch::kFloat64);
    const torch::Tensor tint = torch::tensor({1.05, 0.93, 0.72}, torch::kFloat64);
    sepia = torch::outer(tint, luma);
    offset = torch::tensor({0.1, 0.05, -0.08}, torch::kFloat64);
    const ImageSource photos = mixed_colours(40, 16, kColourful, torch::zeros({3}));
    ImageSource tinted = photos;
    const torch::Tensor s = sepia, o = offset;
    tinted.sample = [=](size_t index, std::mt19937_64& rng) {  // other images than A's: indices 40 on
      const torch::Tensor x = photos.sample(index + 40, rng).to(torch::kFloat64);
      return (s.matmul(x.reshape({3, -1})) + o.unsqueeze(1)).reshape(x.sizes()).to(torch::kFloat);
    };
    a = colour_statistics(photos, 64, 1);
    b = colour_statistics(tinted, 64, 2);
  }

  double error(const torch::Tensor& map) const {
    const torch::Tensor pixels = torch::rand({3, 2000}, at::detail::createCPUGenerator(7), torch::kFloat64) * 2 - 1;
    const torch::Tensor photo = kColourful.to(torch::kFloat64).matmul(pixels);
    const torch::Tensor truth = sepia.matmul(photo) + offset.unsqueeze(1);
    return (apply_map(map, photo) - truth).abs().mean().item<double>();
  }
};

// From the two sets' statistics alone, tones first finds the tint; the least-change map moves
// colour less and weights the channels wrongly.
TEST(ColourTransfer, TonesFirstFindsATintOfLumaThatTheLeastChangeMapMisses) {
  const TintedPair pair;
  const double tones_first = pair.error(luminance_first_colour_transfer(pair.a, pair.b));
  const double least_change = pair.error(linear_colour_transfer(pair.a, pair.b));
  // What remains is the floor: B keeps a trace of colour beside its tint (kColourFloor).
  EXPECT_LT(tones_first, 0.03);
  EXPECT_GT(least_change, 1.5 * tones_first);
}

// With the floor on the source alone, the map onto the tinted set keeps none of the photos' own
// colour, and the way back is still bounded by the floor.
TEST(ColourTransfer, AFloorOnTheSourceAloneRemovesColourTheTargetLacks) {
  const TintedPair pair;
  const double both = pair.error(luminance_first_colour_transfer(pair.a, pair.b, ColourFloor::BothDomains));
  const double source = pair.error(luminance_first_colour_transfer(pair.a, pair.b, ColourFloor::SourceOnly));
  EXPECT_LT(source, 0.3 * both) << "both domains floored: " << both;
  EXPECT_LT(pair.error(linear_colour_transfer(pair.a, pair.b, ColourFloor::SourceOnly)),
            pair.error(linear_colour_transfer(pair.a, pair.b, ColourFloor::BothDomains)));
  for (const ColourFloor floor : {ColourFloor::BothDomains, ColourFloor::SourceOnly}) {
    const torch::Tensor back = luminance_first_colour_transfer(pair.b, pair.a, floor);
    EXPECT_LT(torch::linalg_svdvals(back.slice(1, 0, 3)).max().item<double>(), 1.0 / kColourFloor);
  }
}

// The largest factor by which `map` amplifies a change of colour at constant luma (Rec. 601).
double chroma_gain_of(const torch::Tensor& map) {
  const torch::Tensor to_ycc = torch::tensor({0.299, 0.587, 0.114, -0.168736, -0.331264, 0.5, 0.5, -0.418688, -0.081312},
                                             torch::kFloat64).reshape({3, 3});
  const torch::Tensor in_ycc = to_ycc.matmul(map.slice(1, 0, 3)).matmul(torch::linalg_inv(to_ycc));
  return torch::linalg_svdvals(in_ycc.slice(0, 1, 3).slice(1, 1, 3)).max().item<double>();
}

// A bounded gain keeps the way back from a tinted set from multiplying what little colour it
// has left beside the tint, and leaves alone a map that amplifies nothing.
TEST(ColourTransfer, ABoundOnTheGainKeepsTheWayBackFromAmplifyingFaintColour) {
  const TintedPair pair;
  const torch::Tensor back = luminance_first_colour_transfer(pair.b, pair.a, ColourFloor::SourceOnly);
  const torch::Tensor bounded = luminance_first_colour_transfer(pair.b, pair.a, ColourFloor::SourceOnly, 1.5);
  EXPECT_GT(chroma_gain_of(back), 3.0);
  EXPECT_LT(chroma_gain_of(bounded), 1.5 + 1e-6);
  EXPECT_LT(torch::linalg_svdvals(linear_colour_transfer(pair.b, pair.a, ColourFloor::SourceOnly, 1.5).slice(1, 0, 3))
                .max()
                .item<double>(),
            1.5 + 1e-6);
  // Towards the tint every gain is below 1: the bound changes nothing there.
  EXPECT_TRUE(torch::allclose(luminance_first_colour_transfer(pair.a, pair.b, ColourFloor::SourceOnly, 1.5),
                              luminance_first_colour_transfer(pair.a, pair.b, ColourFloor::SourceOnly)));
}

// The way back from a tint must invent colour its source lacks; the way there only removes it.
// A trainer told so bounds that direction's start, holds it harder and takes its cycle off; the
// other direction stays as it was.
TEST(ColourTransfer, AWayBackThatMustInventColourStartsBoundedAndIsHeldHarder) {
  const TintedPair pair;
  EXPECT_NEAR(largest_chroma_gain(pair.b, pair.a, ColourFloor::SourceOnly),
              chroma_gain_of(luminance_first_colour_transfer(pair.b, pair.a, ColourFloor::SourceOnly)), 1e-6);
  EXPECT_LT(largest_chroma_gain(pair.a, pair.b, ColourFloor::SourceOnly), 1.0);

  const ImageSource a = mixed_colours(12, 16, kColourful, torch::zeros({3}));
  const ImageSource b = mixed_colours(12, 16, kSepia, torch::tensor({0.1f, 0.0f, -0.1f}));
  TrainerConfig config = testing::tiny_config(5);
  config.generator.colour_path = true;
  config.start_as_colour_transfer = true;
  config.start_luminance_first = true;
  config.start_floor = ColourFloor::SourceOnly;
  const Trainer plain(config, a, b);
  ASSERT_GT(chroma_gain_of(plain.start_maps().f.map.to(torch::kFloat64)), 2.5);

  config.scarce_colour_gain = 2.5;
  config.scarce_colour_hold = 4;
  config.scarce_colour_cycle = 0;
  config.scarce_colour_adversarial = 0.25;
  const Trainer held(config, a, b);
  EXPECT_LT(chroma_gain_of(held.start_maps().f.map.to(torch::kFloat64)), 1 + 1e-4);
  EXPECT_EQ(held.start_maps().f.shares.hold, 4);
  EXPECT_EQ(held.start_maps().g.shares.hold, 1);
  // The cycle from B through F trains G to undo F's dull colours; that one is off.
  EXPECT_EQ(held.start_maps().f.shares.cycle, 0);
  EXPECT_EQ(held.start_maps().g.shares.cycle, 1);
  EXPECT_EQ(held.start_maps().f.shares.adversarial, 0.25);
  EXPECT_EQ(held.start_maps().g.shares.adversarial, 1);
  EXPECT_TRUE(torch::equal(held.start_maps().g.map, plain.start_maps().g.map));
}

TEST(ColourTransfer, AGeneratorStartsAsTheMapAndATrainerStartsBothThere) {
  const ImageSource a = mixed_colours(12, 16, kColourful, torch::zeros({3}));
  const ImageSource b = mixed_colours(12, 16, kSepia, torch::tensor({0.1f, 0.0f, -0.1f}));
  TrainerConfig config = testing::tiny_config(5);
  config.generator.colour_path = true;
  config.start_as_colour_transfer = true;
  Trainer trainer(config, a, b);

  const ColourStatistics sa = colour_statistics(a, 64, 1), sb = colour_statistics(b, 64, 2);
  std::mt19937_64 rng(4);
  const torch::Tensor x = a.sample(0, rng).unsqueeze(0);
  torch::NoGradGuard no_grad;
  trainer.nets().g->eval();
  trainer.nets().f->eval();
  const torch::Tensor g_x = trainer.nets().g->forward(x);
  const torch::Tensor expected =
      apply_map(linear_colour_transfer(sa, sb), x[0].reshape({3, -1}).to(torch::kFloat64)).clamp(-1, 1);
  EXPECT_TRUE(torch::allclose(g_x[0].reshape({3, -1}).to(torch::kFloat64), expected, 1e-4, 1e-4));
  // Cycle-consistent from the start, apart from what the clamp to [-1, 1] cut off.
  const torch::Tensor cycle_error = (trainer.nets().f->forward(g_x) - x).abs().mean();
  EXPECT_LT(cycle_error.item<double>(), 0.05);

  config.start_as_colour_transfer = false;
  Trainer plain(config, a, b);
  plain.nets().g->eval();
  EXPECT_TRUE(torch::equal(plain.nets().g->forward(x), x.clamp(-1, 1)));
}

// Adam's first step moves every weight by about the full rate; with a warm-up, G's first steps
// leave the start almost as it was, and the rate is the full one once the warm-up is over.
TEST(ColourTransfer, AWarmUpKeepsTheFirstStepsNearTheStart) {
  const ImageSource a = mixed_colours(8, 16, kColourful, torch::zeros({3}));
  const ImageSource b = mixed_colours(8, 16, kSepia, torch::tensor({0.1f, 0.0f, -0.1f}));
  std::mt19937_64 rng(4);
  const torch::Tensor x = a.sample(0, rng).unsqueeze(0);
  auto first_step_change = [&](int64_t warmup) {
    TrainerConfig config = testing::tiny_config(5);
    config.generator.colour_path = true;
    config.start_as_colour_transfer = true;
    config.lr = 1e-3;
    config.warmup_g = warmup;
    Trainer trainer(config, a, b);
    torch::NoGradGuard no_grad;
    const torch::Tensor before = trainer.nets().g->forward(x);
    {
      torch::AutoGradMode grad(true);
      trainer.train_iteration();
    }
    return (trainer.nets().g->forward(x) - before).abs().mean().item<double>();
  };
  const double plain = first_step_change(0), warmed = first_step_change(100);
  EXPECT_GT(plain, 0);
  EXPECT_LT(warmed, 0.1 * plain) << "without warm-up " << plain;
}

}  // namespace
}  // namespace cyclegan
