// Instance norm with recorded / replayed statistics (used by tiled translation).
#include <gtest/gtest.h>

#include "base/errors.h"
#include "models/instance_norm.h"
#include "models/networks.h"

namespace cyclegan {
namespace {

TEST(InstanceNorm, PlainMatchesTorchInstanceNorm) {
  torch::manual_seed(1);
  const auto x = torch::randn({2, 5, 9, 7}) * 3 + 1;
  InstanceNorm ours(5);
  torch::nn::InstanceNorm2d reference(torch::nn::InstanceNorm2dOptions(5));
  EXPECT_LT((ours->forward(x) - reference->forward(x)).abs().max().item<double>(), 1e-5);
}

TEST(InstanceNorm, RecordThenReplayOnSameImageIsIdentical) {
  torch::manual_seed(2);
  torch::NoGradGuard no_grad;
  auto net = make_network(NetworkSpec::resnet(4, 2));
  net->eval();
  const auto x = torch::rand({1, 3, 32, 32}) * 2 - 1;
  const auto plain = net->forward(x);
  auto stats = std::make_shared<NormStats>();
  attach_norm_stats(*net, stats);
  stats->mode = NormStats::Mode::Record;
  const auto recorded = net->forward(x);
  // 2 (stem, 2 downsamplings) + 2 per block + 2 upsamplings: one pair per instance-norm layer.
  EXPECT_EQ(stats->mean_var.size(), 3u + 2 * 2 + 2);
  EXPECT_EQ(stats->mean_var[0].first.sizes(), torch::IntArrayRef({1, 4, 1, 1}));
  stats->mode = NormStats::Mode::Replay;
  stats->next = 0;
  const auto replayed = net->forward(x);
  EXPECT_TRUE(torch::equal(recorded, replayed));
  EXPECT_EQ(stats->next, stats->mean_var.size());
  EXPECT_LT((recorded - plain).abs().max().item<double>(), 1e-5);
}

TEST(InstanceNorm, ReplayOnCropUsesFullImageStatistics) {
  torch::manual_seed(3);
  torch::NoGradGuard no_grad;
  auto net = make_network(NetworkSpec::resnet(4, 1));
  const auto x = torch::rand({1, 3, 48, 48}) * 2 - 1;
  // A crop whose statistics differ from the image's: brighter on one side.
  const auto image = x + torch::linspace(-0.5, 0.5, 48).view({1, 1, 1, 48});
  const auto crop = image.slice(3, 0, 24);
  auto stats = std::make_shared<NormStats>();
  attach_norm_stats(*net, stats);
  stats->mode = NormStats::Mode::Record;
  net->forward(image);
  stats->mode = NormStats::Mode::Replay;
  stats->next = 0;
  const auto with_full_stats = net->forward(crop);
  attach_norm_stats(*net, nullptr);
  const auto plain = net->forward(crop);
  EXPECT_GT((with_full_stats - plain).abs().max().item<double>(), 1e-3);

  // One layer checked against the formula: (x - mean) / sqrt(var + 1e-5).
  InstanceNorm layer(3);
  auto one = std::make_shared<NormStats>();
  one->mode = NormStats::Mode::Replay;
  const auto mean = torch::full({1, 3, 1, 1}, 0.25);
  const auto var = torch::full({1, 3, 1, 1}, 4.0);
  one->mean_var.emplace_back(mean, var);
  layer->set_stats(one);
  const auto expected = (crop - 0.25) / std::sqrt(4.0 + 1e-5);
  EXPECT_LT((layer->forward(crop) - expected).abs().max().item<double>(), 1e-6);
}

TEST(InstanceNorm, ReplayThatRunsOutOrDoesNotFitThrows) {
  InstanceNorm layer(3);
  auto stats = std::make_shared<NormStats>();
  stats->mode = NormStats::Mode::Replay;
  layer->set_stats(stats);
  EXPECT_THROW(layer->forward(torch::zeros({1, 3, 4, 4})), Error);
  stats->mean_var.emplace_back(torch::zeros({1, 5, 1, 1}), torch::ones({1, 5, 1, 1}));
  EXPECT_THROW(layer->forward(torch::zeros({1, 3, 4, 4})), Error);
}

}  // namespace
}  // namespace cyclegan
