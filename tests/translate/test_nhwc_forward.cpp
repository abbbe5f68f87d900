// The ResNet generator's inference fast path (channels_last, fused instance norm; see
// models/resnet_generator.cpp) computes what the module path computes: with and without
// input_skip and dropout, on real-weight fixtures, and through statistics record/replay.
#include <gtest/gtest.h>

#include "models/instance_norm.h"
#include "tests/translate/translate_test_support.h"

namespace cyclegan {
namespace {

// The module path: eval mode with autograd on (the fast path needs autograd off).
torch::Tensor module_path(Network& net, const torch::Tensor& x) {
  torch::AutoGradMode grad(true);
  return net.forward(x).detach();
}

torch::Tensor fast_path(Network& net, const torch::Tensor& x) {
  torch::NoGradGuard no_grad;
  return net.forward(x);
}

// A real photo as a [1, 3, h, w] network input in [-1, 1].
torch::Tensor photo_input(int w, int h) {
  const PixelBuffer p = test::photo("dune.jpg", w, h);
  return torch::from_blob(const_cast<float*>(p.data.data()), {1, h, w, 3}, torch::kFloat32)
             .permute({0, 3, 1, 2})
             .contiguous() * 2 - 1;
}

TEST(NhwcForward, MatchesModulePathOnFixture) {
  auto net = test::fixture_generator("resnet6_ngf8");
  net->eval();
  const torch::Tensor x = photo_input(76, 52);  // not square; 52/4 = 13 is odd
  const torch::Tensor slow = module_path(*net, x);
  const torch::Tensor fast = fast_path(*net, x);
  ASSERT_EQ(fast.sizes(), slow.sizes());
  EXPECT_LT((fast - slow).abs().max().item<double>(), 1e-5);
  EXPECT_GT(slow.std().item<double>(), 0.05);  // a real output, not a constant
}

TEST(NhwcForward, MatchesModulePathForEveryVariant) {
  const torch::Tensor x = torch::rand({2, 3, 40, 48}) * 2 - 1;  // batch of two
  for (int output : {0, 1, 2}) {  // tanh, input_skip, colour path (its body runs the fast path)
    for (bool dropout : {false, true}) {
      for (int blocks : {0, 1, 3}) {
        NetworkSpec spec = NetworkSpec::resnet(8, blocks);
        spec.input_skip = output == 1;
        spec.colour_path = output == 2;
        spec.dropout = dropout;
        torch::manual_seed(3);
        auto net = make_network(spec);
        // Non-zero biases and a larger output layer: the zero-initialised or tiny defaults
        // would hide mistakes.
        {
          torch::NoGradGuard no_grad;
          for (auto& p : net->parameters()) p.copy_(torch::randn_like(p) * 0.1);
        }
        net->eval();
        const torch::Tensor slow = module_path(*net, x);
        const torch::Tensor fast = fast_path(*net, x);
        ASSERT_EQ(fast.sizes(), slow.sizes());
        EXPECT_LT((fast - slow).abs().max().item<double>(), 1e-5)
            << "output " << output << " dropout " << dropout << " blocks " << blocks;
      }
    }
  }
}

TEST(NhwcForward, FollowsWeightChanges) {
  // The fast path caches converted weights; changed weights must be seen.
  auto net = make_network(NetworkSpec::resnet(8, 2));
  net->eval();
  const torch::Tensor x = torch::rand({1, 3, 32, 32}) * 2 - 1;
  const torch::Tensor before = fast_path(*net, x);
  for (auto& p : net->parameters()) {
    torch::NoGradGuard no_grad;
    p.add_(torch::randn_like(p) * 0.05);  // in place: same storage, new version
  }
  const torch::Tensor after = fast_path(*net, x);
  EXPECT_GT((after - before).abs().max().item<double>(), 1e-3);
  EXPECT_LT((after - module_path(*net, x)).abs().max().item<double>(), 1e-5);
}

TEST(NhwcForward, RecordsAndReplaysTheModulePathsStatistics) {
  auto net = test::fixture_generator("resnet6_ngf8");
  net->eval();
  const torch::Tensor whole = photo_input(64, 64);
  // Statistics recorded by one path and replayed by the other on a crop.
  for (bool record_fast : {false, true}) {
    auto stats = std::make_shared<NormStats>();
    attach_norm_stats(*net, stats);
    stats->mode = NormStats::Mode::Record;
    record_fast ? fast_path(*net, whole) : module_path(*net, whole);
    ASSERT_EQ(stats->mean_var.size(), 2u + 1 + 2 * 6 + 2);
    stats->mode = NormStats::Mode::Replay;
    const torch::Tensor crop = whole.slice(2, 8, 40).slice(3, 16, 64).contiguous();
    stats->next = 0;
    const torch::Tensor slow = module_path(*net, crop);
    stats->next = 0;
    const torch::Tensor fast = fast_path(*net, crop);
    EXPECT_EQ(stats->next, stats->mean_var.size());
    EXPECT_LT((fast - slow).abs().max().item<double>(), 1e-5) << "recorded by fast: " << record_fast;
    // Replayed whole-image statistics differ from the crop's own.
    attach_norm_stats(*net, nullptr);
    EXPECT_GT((fast_path(*net, crop) - fast).abs().max().item<double>(), 1e-3);
  }
}

TEST(NhwcForward, MeasuresStatisticsOverRegions) {
  // Measuring layer by layer over four quadrants of the whole image (Measure mode) gives the
  // statistics a whole-image Record pass gives, on both paths.
  auto net = test::fixture_generator("resnet6_ngf8");
  net->eval();
  const torch::Tensor whole = photo_input(96, 64);
  auto stats = std::make_shared<NormStats>();
  attach_norm_stats(*net, stats);
  stats->mode = NormStats::Mode::Record;
  fast_path(*net, whole);
  const auto truth = stats->mean_var;
  for (bool fast : {false, true}) {
    stats->mode = NormStats::Mode::Measure;
    stats->mean_var.clear();
    for (size_t l = 0; l < truth.size(); ++l) {
      stats->measure_layer = l;
      for (int qy = 0; qy < 2; ++qy)
        for (int qx = 0; qx < 2; ++qx) {
          stats->region = {qy * 32, qy * 32 + 32, qx * 48, qx * 48 + 48, 64, 96};
          stats->next = 0;
          EXPECT_THROW(fast ? fast_path(*net, whole) : module_path(*net, whole),
                       NormStats::StopForward);
        }
      stats->use_measured();
    }
    ASSERT_EQ(stats->mean_var.size(), truth.size());
    for (size_t l = 0; l < truth.size(); ++l) {
      EXPECT_TRUE(torch::allclose(stats->mean_var[l].first, truth[l].first, 1e-4, 1e-4))
          << "fast " << fast << " layer " << l;
      EXPECT_TRUE(torch::allclose(stats->mean_var[l].second, truth[l].second, 1e-3, 1e-4))
          << "fast " << fast << " layer " << l;
    }
  }
  attach_norm_stats(*net, nullptr);
}

TEST(NhwcKernels, MeanVarAndNormaliseMatchAten) {
  const torch::Tensor x = (torch::randn({2, 12, 9, 7}) * 3 + 100)
                              .contiguous(at::MemoryFormat::ChannelsLast);
  // Plain statistics: as torch (biased variance), despite the large mean.
  auto [mean, var] = nhwc::mean_var(x);
  EXPECT_TRUE(torch::allclose(mean, x.mean({2, 3}, true), 1e-5, 1e-4));
  EXPECT_TRUE(torch::allclose(var, x.var({2, 3}, false, true), 1e-4, 1e-4));
  // Four phase groups of 3 channels = a 2x pixel-shuffled image of 3 channels.
  const torch::Tensor groups = x.view({2, 2, 2, 3, 9, 7}).permute({0, 3, 1, 2, 4, 5})
                                   .reshape({2, 12, 9, 7});  // (c, a, b) order
  const torch::Tensor shuffled = torch::pixel_shuffle(groups, 2);  // [2, 3, 18, 14]
  auto [gm, gv] = nhwc::mean_var(x, 4);
  EXPECT_TRUE(torch::allclose(gm, shuffled.mean({2, 3}, true), 1e-5, 1e-4));
  EXPECT_TRUE(torch::allclose(gv, shuffled.var({2, 3}, false, true), 1e-4, 1e-4));
  // Normalise + ReLU + residual into a reflection pad of (2, 1, 0, 3).
  nhwc::Layout l;
  l.shuffle = 2;
  l.pad[0] = 2;
  l.pad[1] = 1;
  l.pad[3] = 3;
  const torch::Tensor residual = torch::randn({2, 3, 18, 14});
  const torch::Tensor res_cl = residual.contiguous(at::MemoryFormat::ChannelsLast);
  const torch::Tensor out = nhwc::normalise(x, gm, gv, 1e-5, true, res_cl, l);
  const torch::Tensor expect = torch::reflection_pad2d(
      torch::relu((shuffled - gm) * torch::rsqrt(gv + 1e-5)) + residual, {0, 3, 2, 1});
  EXPECT_TRUE(torch::allclose(out, expect, 1e-5, 1e-4));
  EXPECT_TRUE(torch::allclose(nhwc::interior(out, l), expect.slice(2, 2, 20).slice(3, 0, 14)));
  // Space-to-depth output: [N, 4C, H/2, W/2] in (row phase, column phase, channel) order.
  nhwc::Layout u = l;
  u.unshuffle = 2;
  u.pad[1] = 2;  // padded size 18 + 4 = 22 rows, 14 + 3 = 17 columns: make it 18
  u.pad[2] = 1;
  const torch::Tensor s2d = nhwc::normalise(x, gm, gv, 1e-5, false, {}, u);
  const torch::Tensor padded =
      torch::reflection_pad2d((shuffled - gm) * torch::rsqrt(gv + 1e-5), {1, 3, 2, 2});
  const torch::Tensor unshuffled = padded.view({2, 3, 11, 2, 9, 2})
                                       .permute({0, 3, 5, 1, 2, 4})
                                       .reshape({2, 12, 11, 9});
  EXPECT_TRUE(torch::allclose(s2d, unshuffled, 1e-5, 1e-4));
  // Zero border.
  l.reflect = false;
  const torch::Tensor zero = nhwc::normalise(x, gm, gv, 1e-5, false, {}, l);
  EXPECT_TRUE(torch::allclose(
      zero, torch::constant_pad_nd((shuffled - gm) * torch::rsqrt(gv + 1e-5), {0, 3, 2, 1}, 0),
      1e-5, 1e-4));
}

}  // namespace
}  // namespace cyclegan
