// The pixel path around the network: gray and alpha, high bit depth, input clamping. An
// identity "generator" makes every change visible as a difference from the input.
#include <gtest/gtest.h>

#include "core/tiled_translate.h"
#include "models/instance_norm.h"
#include "tests/translate/translate_test_support.h"

namespace cyclegan {
namespace {

// Returns its input: a translation through it must give the input back, bit for bit as far as
// float arithmetic ((v*2-1+1)/2) allows.
class IdentityGenerator : public Network {
 public:
  IdentityGenerator() : Network(NetworkSpec::resnet(8, 2)) {}
  torch::Tensor forward(torch::Tensor x) override { return x.clone(); }
};

// Swaps R and B and darkens: distinguishes channels and shows where output is written.
class SwapGenerator : public Network {
 public:
  SwapGenerator() : Network(NetworkSpec::resnet(8, 2)) {}
  torch::Tensor forward(torch::Tensor x) override { return x.flip({1}) * 0.5f - 0.25f; }
};

PixelBuffer gradient(int w, int h, int channels) {
  PixelBuffer p;
  p.width = w;
  p.height = h;
  p.channels = channels;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int k = 0; k < channels; ++k)
        // 16-bit steps: neighbours differ by 1/65535, far below an 8-bit step.
        p.data.push_back(float(((y * w + x) * 7 + k * 9001) % 65536) / 65535.f);
  return p;
}

TileOptions tiles_of(int n) {
  TileOptions opt;
  opt.tile_size = n;
  return opt;
}

TEST(PixelPath, SixteenBitValuesSurviveWholeAndTiled) {
  auto id = std::make_shared<IdentityGenerator>();  // modules() needs a shared_ptr
  for (int tile : {0, 32}) {
    const PixelBuffer input = gradient(97, 61, 3);
    PixelBuffer out = input;
    translate_tiled(*id, out, tiles_of(tile));
    double worst = 0;
    for (size_t i = 0; i < out.data.size(); ++i)
      worst = std::max(worst, double(std::abs(out.data[i] - input.data[i])));
    // An 8-bit round trip would be up to 0.5/255 = 2e-3 off.
    EXPECT_LT(worst, 1e-6) << "tile " << tile;
  }
}

TEST(PixelPath, AlphaIsUntouched) {
  auto swap = std::make_shared<SwapGenerator>();
  const PixelBuffer input = gradient(70, 45, 4);
  PixelBuffer out = input;
  translate_tiled(*swap, out, tiles_of(32));
  for (size_t i = 0; i < size_t(input.width) * input.height; ++i) {
    ASSERT_EQ(out.data[i * 4 + 3], input.data[i * 4 + 3]);  // bitwise the same
    const float r = input.data[i * 4], b = input.data[i * 4 + 2];
    // out = ((2v - 1) * 0.5 - 0.25 + 1) / 2 = v/2 + 0.125, channels swapped.
    ASSERT_NEAR(out.data[i * 4], b / 2 + 0.125f, 1e-6);
    ASSERT_NEAR(out.data[i * 4 + 2], r / 2 + 0.125f, 1e-6);
  }
}

TEST(PixelPath, GrayInGrayOutWithAlpha) {
  auto net = test::fixture_generator("resnet2_ngf8_zip");
  // A real photo's green channel as a gray+alpha image.
  const PixelBuffer rgb = test::photo("dune.jpg", 90, 70);
  PixelBuffer gray, gray_alpha, replicated;
  for (PixelBuffer* p : {&gray, &gray_alpha, &replicated}) {
    p->width = rgb.width;
    p->height = rgb.height;
  }
  gray.channels = 1;
  gray_alpha.channels = 2;
  replicated.channels = 3;
  for (size_t i = 0; i < size_t(rgb.width) * rgb.height; ++i) {
    const float g = rgb.data[i * 3 + 1];
    gray.data.push_back(g);
    gray_alpha.data.insert(gray_alpha.data.end(), {g, float(i % 11) / 10.f});
    replicated.data.insert(replicated.data.end(), {g, g, g});
  }
  PixelBuffer out_rgb = replicated;
  translate_tiled(*net, out_rgb, {});
  PixelBuffer out_gray = gray, out_ga = gray_alpha;
  translate_tiled(*net, out_gray, {});
  translate_tiled(*net, out_ga, tiles_of(32));
  ASSERT_EQ(out_gray.channels, 1);
  ASSERT_EQ(out_ga.channels, 2);
  double diff = 0;
  for (size_t i = 0; i < size_t(rgb.width) * rgb.height; ++i) {
    // Gray out = mean of the RGB network's three output channels on replicated input.
    const float mean = (out_rgb.data[i * 3] + out_rgb.data[i * 3 + 1] + out_rgb.data[i * 3 + 2]) / 3;
    ASSERT_NEAR(out_gray.data[i], mean, 1e-5);
    ASSERT_NEAR(out_ga.data[i * 2], mean, 1e-4);
    ASSERT_EQ(out_ga.data[i * 2 + 1], gray_alpha.data[i * 2 + 1]);
    diff += std::abs(out_gray.data[i] - gray.data[i]);
  }
  EXPECT_GT(diff / gray.data.size(), 0.01);  // it was translated
}

TEST(PixelPath, OutOfRangeInputIsClampedForTheNetworkOnly) {
  auto id = std::make_shared<IdentityGenerator>();  // modules() needs a shared_ptr
  PixelBuffer p;
  p.width = 4;
  p.height = 1;
  p.channels = 4;
  // Float images may hold values outside 0..1 (and alpha outside too, which we leave alone).
  p.data = {1.5f, -0.2f, 0.5f, 1.7f,  0.25f, 2.f, -1.f, -0.5f,
            0.f, 1.f, 0.75f, 0.3f,    0.1f, 0.2f, 0.3f, 0.4f};
  PixelBuffer out = p;
  translate_tiled(*id, out, {});
  const std::vector<float> expect = {1.f, 0.f, 0.5f, 1.7f,  0.25f, 1.f, 0.f, -0.5f,
                                     0.f, 1.f, 0.75f, 0.3f,  0.1f, 0.2f, 0.3f, 0.4f};
  for (size_t i = 0; i < expect.size(); ++i) EXPECT_NEAR(out.data[i], expect[i], 1e-6) << i;
}

TEST(PixelPath, RejectsMalformedBuffers) {
  auto id = std::make_shared<IdentityGenerator>();  // modules() needs a shared_ptr
  PixelBuffer empty;
  EXPECT_THROW(translate_tiled(*id, empty, {}), InputError);
  PixelBuffer five = gradient(4, 4, 3);
  five.channels = 5;
  five.data.resize(4 * 4 * 5);
  EXPECT_THROW(translate_tiled(*id, five, {}), InputError);
}

TEST(PixelPath, StatisticsAreDetachedAfterwards) {
  // translate_tiled attaches its statistics to the network only while it runs.
  auto net = test::fixture_generator("resnet2_ngf8_zip");
  PixelBuffer image = test::photo("dune.jpg", 64, 64);
  translate_tiled(*net, image, tiles_of(32));
  torch::NoGradGuard no_grad;
  torch::Tensor x = torch::rand({1, 3, 40, 40}) * 2 - 1;
  torch::Tensor once = net->forward(x);
  EXPECT_TRUE(torch::allclose(once, net->forward(x)));
  EXPECT_EQ(once.size(2), 40);
}

}  // namespace
}  // namespace cyclegan
