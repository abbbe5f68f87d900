// Tiled translation equals whole-image translation (instance-norm statistics replayed,
// receptive-field margins, feathered overlaps) on real photos, at awkward sizes.
#include <gtest/gtest.h>

#include <cmath>

#include "base/errors.h"
#include "core/tiled_translate.h"
#include "tests/translate/translate_test_support.h"

namespace cyclegan {
namespace {

using test::compare;
using test::photo;

// Whole-image reference: one pass, full-resolution statistics.
PixelBuffer whole(Network& net, PixelBuffer image) {
  TileOptions opt;
  opt.max_pass_pixels = int64_t(1) << 40;
  EXPECT_TRUE(translate_tiled(net, image, opt).single_pass);
  return image;
}

// Column / row indices where the kept parts of two tiles meet.
std::vector<int> seams(int tiles, int tile, int side) {
  std::vector<int> s;
  for (int k = 1; k < tiles; ++k)
    if (k * tile < side) s.push_back(k * tile);
  return s;
}

TEST(TiledTranslate, MatchesWholeImageOnRealPhotos) {
  auto net = test::fixture_generator("resnet6_ngf8");
  for (const char* name : {"dune.jpg", "garden.jpg",
                           "ladybird.jpg"}) {
    // Upscaled and not a multiple of 4, so that there are many tiles and padded borders.
    const PixelBuffer input = photo(name, 601, 453);
    const PixelBuffer reference = whole(*net, input);
    PixelBuffer tiled = input;
    TileOptions opt;
    opt.tile_size = 128;
    const TilePlan plan = translate_tiled(*net, tiled, opt);
    EXPECT_FALSE(plan.single_pass);
    EXPECT_FALSE(plan.stats_downscaled);
    EXPECT_GE(plan.tiles_x * plan.tiles_y, 12) << name;
    const auto d = compare(tiled, reference);
    for (int k = 0; k < 3; ++k) {
      EXPECT_LE(d.mean_abs[k], 0.5 / 255) << name << " channel " << k;
      EXPECT_LE(d.p99[k], 2.0 / 255) << name << " channel " << k;
    }
    // The output is not the input: the network did something.
    EXPECT_GT(compare(reference, input).mean_abs[0], 0.02) << name;
  }
}

TEST(TiledTranslate, NoTileGridVisible) {
  auto net = test::fixture_generator("resnet6_ngf8");
  const PixelBuffer input = photo("meadow.jpg", 512, 384);
  const int tile = 128;

  PixelBuffer tiled = input;
  TileOptions opt;
  opt.tile_size = tile;
  const TilePlan plan = translate_tiled(*net, tiled, opt);
  const auto cols = seams(plan.tiles_x, plan.tile_w, input.width);
  const auto rows = seams(plan.tiles_y, plan.tile_h, input.height);
  ASSERT_GE(cols.size(), 2u);
  const double ours = test::boundary_energy_ratio(tiled, cols, rows);

  // Naive tiles (each translated on its own, own statistics, no overlap) for contrast: the
  // measure must see their grid, or it proves nothing.
  PixelBuffer naive = input;
  for (int y0 = 0; y0 < input.height; y0 += plan.tile_h)
    for (int x0 = 0; x0 < input.width; x0 += plan.tile_w) {
      PixelBuffer t;
      t.width = std::min(plan.tile_w, input.width - x0);
      t.height = std::min(plan.tile_h, input.height - y0);
      t.channels = 3;
      for (int y = 0; y < t.height; ++y)
        for (int x = 0; x < t.width * 3; ++x)
          t.data.push_back(input.data[(size_t(y0 + y) * input.width + x0) * 3 + x]);
      t = whole(*net, t);
      for (int y = 0; y < t.height; ++y)
        for (int x = 0; x < t.width * 3; ++x)
          naive.data[(size_t(y0 + y) * input.width + x0) * 3 + x] = t.data[size_t(y) * t.width * 3 + x];
    }
  const double naive_ratio = test::boundary_energy_ratio(naive, cols, rows);
  const double reference = test::boundary_energy_ratio(whole(*net, input), cols, rows);
  std::printf("boundary/elsewhere gradient energy: whole %.3f, tiled %.3f, naive tiles %.3f\n",
              reference, ours, naive_ratio);
  EXPECT_NEAR(ours, reference, 0.02);
  EXPECT_LT(ours, 1.25);
  EXPECT_GT(naive_ratio, ours * 1.15);
}

TEST(TiledTranslate, EstimatedStatisticsForLargeImages) {
  // An image too large for a full-resolution statistics pass (forced small here): statistics
  // are estimated, from full-resolution crops (default) or a downscaled copy. Not exact; this
  // bounds how far each drifts on a photo of one subject against a background, where crops do
  // better. Which estimate wins depends on the photo: on dune.jpg (bands of sky, sea and grass)
  // the crops drift 12.2/255 and the half-scale copy 6.7/255.
  auto net = test::fixture_generator("resnet6_ngf8");
  const PixelBuffer input = photo("ladybird.jpg", 768, 576);
  const PixelBuffer reference = whole(*net, input);
  TileOptions opt;
  opt.tile_size = 128;
  opt.stats_max_pixels = 1000;
  opt.stats_long_side = 384;

  PixelBuffer crops = input;
  std::vector<double> fractions;
  Callbacks cb;
  cb.progress = [&](double f, const std::string&) { fractions.push_back(f); };
  const TilePlan plan = translate_tiled(*net, crops, opt, cb);
  EXPECT_EQ(plan.stats_crops, 9);
  // The statistics crops report progress too, and the fraction never goes back.
  ASSERT_GE(fractions.size(), 9u + plan.tiles_x * plan.tiles_y);
  for (size_t i = 1; i < fractions.size(); ++i) EXPECT_GE(fractions[i], fractions[i - 1]);
  EXPECT_GT(fractions[9], 0.0);
  EXPECT_DOUBLE_EQ(fractions.back(), 1.0);
  EXPECT_FALSE(plan.stats_downscaled);
  const auto dc = compare(crops, reference);

  PixelBuffer down = input;
  opt.stats_sampling = TileOptions::StatsSampling::Downscale;
  const TilePlan plan2 = translate_tiled(*net, down, opt);
  ASSERT_TRUE(plan2.stats_downscaled);
  EXPECT_EQ(plan2.stats_width, 384);
  EXPECT_EQ(plan2.stats_height, 288);
  const auto dd = compare(down, reference);
  std::printf("estimated statistics vs whole image, mean |diff| (p99): 9 crops %.2f/255 (%.2f), "
              "1/2-scale copy %.2f/255 (%.2f)\n",
              dc.mean_abs[0] * 255, dc.p99[0] * 255, dd.mean_abs[0] * 255, dd.p99[0] * 255);
  for (int k = 0; k < 3; ++k) {
    EXPECT_LE(dc.mean_abs[k], 8.0 / 255) << "channel " << k;  // measured: 5.7/255
    EXPECT_LT(dc.mean_abs[k], dd.mean_abs[k]) << "channel " << k;
  }
}

TEST(TiledTranslate, ExactStatisticsForLargeImages) {
  // The same too-large image with the whole image's statistics measured tile by tile
  // (StatsSampling::Exact): within the tolerances of tiles that fit one pass.
  auto net = test::fixture_generator("resnet6_ngf8");
  const PixelBuffer input = photo("dune.jpg", 768, 576);
  const PixelBuffer reference = whole(*net, input);
  TileOptions opt;
  opt.tile_size = 256;
  opt.stats_max_pixels = 1000;
  opt.stats_sampling = TileOptions::StatsSampling::Exact;
  PixelBuffer out = input;
  std::vector<double> fractions;
  Callbacks cb;
  cb.progress = [&](double f, const std::string&) { fractions.push_back(f); };
  const TilePlan plan = translate_tiled(*net, out, opt, cb);
  EXPECT_EQ(plan.stats_layers_measured, 2 + 1 + 2 * 6 + 2);
  EXPECT_EQ(plan.stats_width, 0);
  EXPECT_GE(plan.tiles_x * plan.tiles_y, 6);
  for (size_t i = 1; i < fractions.size(); ++i) EXPECT_GE(fractions[i], fractions[i - 1]);
  EXPECT_DOUBLE_EQ(fractions.back(), 1.0);
  const auto d = compare(out, reference);
  std::printf("exact statistics, tile by tile, vs whole image: mean |diff| %.3f/255, p99 "
              "%.3f/255\n", d.mean_abs[0] * 255, d.p99[0] * 255);
  for (int k = 0; k < 3; ++k) {
    EXPECT_LE(d.mean_abs[k], 0.5 / 255) << "channel " << k;
    EXPECT_LE(d.p99[k], 2.0 / 255) << "channel " << k;
  }
}

TEST(TiledTranslate, SizesThatAreNotMultiplesOfFour) {
  auto net = test::fixture_generator("resnet2_ngf8_zip");
  for (auto [w, h] : {std::pair{301, 203}, {130, 67}, {5, 3}, {1, 1}, {257, 9}}) {
    const PixelBuffer input = photo("dune.jpg", w, h);
    const PixelBuffer reference = whole(*net, input);
    PixelBuffer tiled = input;
    TileOptions opt;
    opt.tile_size = 64;
    translate_tiled(*net, tiled, opt);
    ASSERT_EQ(tiled.width, w);
    ASSERT_EQ(tiled.height, h);
    ASSERT_EQ(tiled.data.size(), input.data.size());
    for (float v : tiled.data) ASSERT_TRUE(v >= 0.f && v <= 1.f);
    EXPECT_LE(compare(tiled, reference).max_abs, 1e-4) << w << "x" << h;
  }
}

TEST(TiledTranslate, BatchNormGeneratorNeedsNoStatisticsPass) {
  auto net = test::fixture_generator("resnet2_ngf8_batchnorm");
  const PixelBuffer input = photo("garden.jpg", 300, 200);
  PixelBuffer tiled = input;
  TileOptions opt;
  opt.tile_size = 64;
  const TilePlan plan = translate_tiled(*net, tiled, opt);
  EXPECT_EQ(plan.stats_width, 0);
  EXPECT_LE(compare(tiled, whole(*net, input)).max_abs, 1e-4);
}

TEST(TiledTranslate, UnetRunsWholeImageOrInAlignedTiles) {
  auto net = test::fixture_generator("unet128_ngf4");
  ASSERT_EQ(input_alignment(net->spec()), 128);
  const PixelBuffer input = photo("meadow.jpg", 300, 170);
  // Fits one pass: whole image, padded to 384x256, even if a tile size is asked for.
  PixelBuffer one = input;
  TileOptions opt;
  opt.tile_size = 128;
  opt.max_pass_pixels = 400 * 400;
  EXPECT_TRUE(translate_tiled(*net, one, opt).single_pass);
  EXPECT_LE(compare(one, whole(*net, input)).max_abs, 1e-5);
  // Too large for one pass: 128-px aligned tiles, close to the whole image but not exact.
  PixelBuffer tiled = input;
  opt.max_pass_pixels = 200 * 200;
  const TilePlan plan = translate_tiled(*net, tiled, opt);
  EXPECT_FALSE(plan.single_pass);
  for (float v : tiled.data) ASSERT_TRUE(v >= 0.f && v <= 1.f);
  EXPECT_LE(compare(tiled, one).mean_abs[0], 0.1);
}

TEST(TiledTranslate, ProgressPerTileAndCancel) {
  auto net = test::fixture_generator("resnet2_ngf8_zip");
  const PixelBuffer input = photo("dune.jpg", 256, 256);
  TileOptions opt;
  opt.tile_size = 64;
  std::vector<double> fractions;
  Callbacks cb;
  cb.progress = [&](double f, const std::string&) { fractions.push_back(f); };
  PixelBuffer image = input;
  const TilePlan plan = translate_tiled(*net, image, opt, cb);
  ASSERT_EQ(plan.tiles_x * plan.tiles_y, 16);
  ASSERT_GE(fractions.size(), 16u);
  for (size_t i = 1; i < fractions.size(); ++i) EXPECT_GE(fractions[i], fractions[i - 1]);
  EXPECT_DOUBLE_EQ(fractions.back(), 1.0);

  int polls = 0;
  int tiles_reported = 0;
  cb.progress = [&](double, const std::string& text) {
    if (text.rfind("tile", 0) == 0) ++tiles_reported;
  };
  cb.should_cancel = [&] { return ++polls > 3; };
  image = input;
  EXPECT_THROW(translate_tiled(*net, image, opt, cb), Cancelled);
  EXPECT_EQ(polls, 4);
  EXPECT_LT(tiles_reported, 16);
}

// A generator that runs out of memory on inputs above `limit` pixels, as LibTorch's CPU
// allocator does (its message), so that the retry with smaller tiles can be watched.
class MemoryLimitedGenerator : public Network {
 public:
  MemoryLimitedGenerator(std::shared_ptr<Network> inner, int64_t limit)
      : Network(inner->spec()), inner_(register_module("inner", inner)), limit_(limit) {}
  torch::Tensor forward(torch::Tensor x) override {
    largest_ = std::max<int64_t>(largest_, x.size(2) * x.size(3));
    if (x.size(2) * x.size(3) > limit_)
      C10_THROW_ERROR(Error, "[enforce fail at alloc_cpu.cpp:75] data. DefaultCPUAllocator: can't allocate memory");
    return inner_->forward(x);
  }
  int64_t largest_ = 0;

 private:
  std::shared_ptr<Network> inner_;
  int64_t limit_;
};

TEST(TiledTranslate, RunsOutOfMemoryThenRetriesInSmallerTiles) {
  torch::manual_seed(4);
  auto inner = make_network(NetworkSpec::resnet(4, 1));
  const PixelBuffer input = photo("dune.jpg", 400, 300);

  // What the retry should end up doing: passes a quarter of the first one's size.
  TileOptions quarter;
  quarter.max_pass_pixels = 120000 / 4;
  PixelBuffer expected = input;
  translate_tiled(*inner, expected, quarter);

  auto limited = std::make_shared<MemoryLimitedGenerator>(inner, 40000);
  TileOptions first;
  first.max_pass_pixels = 120000;  // the whole image in one pass: above the limit
  std::vector<std::string> warnings;
  Callbacks cb;
  cb.warning = [&](const std::vector<cyclegan::Message>& s) { warnings.push_back(cyclegan::english(s)); };
  PixelBuffer got = input;
  const TilePlan plan = translate_tiled(*limited, got, first, cb);
  EXPECT_FALSE(plan.single_pass);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("Memory ran short; translating in smaller tiles"), std::string::npos) << warnings[0];
  EXPECT_EQ(compare(got, expected).max_abs, 0.0);

  // Memory for no pass at all: one sentence, and the image as it was.
  auto starved = std::make_shared<MemoryLimitedGenerator>(inner, 1000);
  PixelBuffer untouched = input;
  try {
    translate_tiled(*starved, untouched, first);
    ADD_FAILURE() << "translated without memory";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "Not enough memory to translate this 400 x 300 image, even in small tiles: close other "
                           "programs, or translate a smaller copy.");
  }
  EXPECT_EQ(compare(untouched, input).max_abs, 0.0);
}

TEST(TiledTranslate, ReceptiveFieldAndAlignment) {
  EXPECT_EQ(receptive_field_radius(NetworkSpec::resnet(64, 9)), 91);
  EXPECT_EQ(input_alignment(NetworkSpec::resnet(64, 9)), 4);
  EXPECT_EQ(input_alignment(NetworkSpec::unet(64, 8)), 256);
  EXPECT_EQ(receptive_field_radius(NetworkSpec::unet(64, 8)), 0);
}

}  // namespace
}  // namespace cyclegan
