// Short `quick` runs on small toy tasks whose answer is known measurably learn them: domain B is
// *other* images through a fixed look (a warm colour grade; a lossy sepia), so G(x) should move
// towards look(x). Checked on held-out images against doing nothing (x itself), by PSNR and by
// the gap between the mean colours of G(x) and look(x).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>

#include "core/cyclegan.h"
#include "core/model_file.h"
#include "core/pixel_tensor.h"

namespace cyclegan {
namespace {

PixelBuffer smooth_image(int size, uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto u = [&] { return static_cast<float>((rng() >> 11) * 0x1.0p-53); };
  float base[3], gx[3], gy[3];
  for (int c = 0; c < 3; ++c) base[c] = 0.2f + 0.6f * u(), gx[c] = u() - 0.5f, gy[c] = u() - 0.5f;
  const float fx = 1 + 3 * u(), fy = 1 + 3 * u();
  PixelBuffer img;
  img.width = img.height = size;
  img.channels = 3;
  img.data.resize(static_cast<size_t>(size) * size * 3);
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x)
      for (int c = 0; c < 3; ++c) {
        const float v = base[c] + 0.3f * gx[c] * std::sin(fx * x / size * 6.28f + c) +
                        0.3f * gy[c] * std::cos(fy * y / size * 6.28f);
        img.data[(static_cast<size_t>(y) * size + x) * 3 + c] = std::min(1.f, std::max(0.f, v));
      }
  return img;
}

// The known answer: a warm, lifted, less contrasted grade.
PixelBuffer grade(PixelBuffer img) {
  for (size_t i = 0; i < img.data.size(); i += 3) {
    float& r = img.data[i];
    float& g = img.data[i + 1];
    float& b = img.data[i + 2];
    r = 0.80f * r + 0.18f;
    g = 0.85f * g + 0.08f;
    b = 0.65f * b + 0.02f;
  }
  return img;
}

// The second known answer: a lossy look, sepia (one luminance, tinted): colour cannot come back.
PixelBuffer sepia(PixelBuffer img) {
  for (size_t i = 0; i < img.data.size(); i += 3) {
    const float luminance = 0.30f * img.data[i] + 0.59f * img.data[i + 1] + 0.11f * img.data[i + 2];
    img.data[i] = 0.90f * luminance + 0.10f;
    img.data[i + 1] = 0.75f * luminance + 0.08f;
    img.data[i + 2] = 0.55f * luminance + 0.05f;
  }
  return img;
}
double psnr(const torch::Tensor& x, const torch::Tensor& y) {  // both in [-1, 1]
  const double mse = ((x - y) / 2).pow(2).mean().item<double>();
  return 10 * std::log10(1.0 / std::max(mse, 1e-12));
}

struct ToyScore {
  double psnr_before = 0, psnr_after = 0;  // x and G(x) against look(x), dB
  double gap_before = 0, gap_after = 0;    // mean colour distance to look(x)
  double change = 0;                       // mean |G(x) - x|, 0-255
  TrainResult result;
};

// `images` per domain at 36 px, trained at 32 px for `iterations`, scored on 8 held-out images.
ToyScore train_toy(PixelBuffer (*look)(PixelBuffer), int images, int64_t iterations) {
  namespace fs = std::filesystem;
  const fs::path out = fs::temp_directory_path() / ("cyclegan_quality_" + std::to_string(::getpid()) + ".cgan");
  TrainOptions o;
  for (int i = 0; i < images; ++i) {
    o.a.images.push_back(smooth_image(36, 1000 + i));
    o.b.images.push_back(look(smooth_image(36, 2000 + i)));  // unpaired: other images
  }
  o.preset = "quick";
  o.image_size = 32;
  o.iterations = iterations;
  o.seed = 3;
  o.threads = 1;  // OpenMP threads spin badly on a busy 2-core CI machine
  o.output = out.string();
  ToyScore score;
  score.result = train(o);
  ModelFile m = load_model_file(o.output);
  fs::remove(out);
  m.g->eval();
  torch::NoGradGuard no_grad;
  const int n = 8;
  for (int i = 0; i < n; ++i) {
    const PixelBuffer x = smooth_image(32, 3000 + i);
    torch::Tensor input = rgb_to_chw(x).unsqueeze(0), target = rgb_to_chw(look(x)).unsqueeze(0);
    torch::Tensor output = m.g->forward(input).clamp(-1, 1);
    score.psnr_before += psnr(input, target) / n;
    score.psnr_after += psnr(output, target) / n;
    auto mean_gap = [&](const torch::Tensor& t) {
      return (t.mean({2, 3}) - target.mean({2, 3})).abs().mean().item<double>() / n;
    };
    score.gap_before += mean_gap(input);
    score.gap_after += mean_gap(output);
    score.change += (output - input).abs().mean().item<double>() * 127.5 / n;
  }
  return score;
}

TEST(TrainQuality, QuickPresetLearnsAColourGradeFromSixteenImages) {
  const ToyScore s = train_toy(grade, 16, 400);
  std::printf("toy colour grade, 16 images, quick at 32 px, 400 iterations: PSNR %.2f dB (nothing done) -> "
              "%.2f dB, mean colour gap %.4f -> %.4f\n", s.psnr_before, s.psnr_after, s.gap_before, s.gap_after);
  // The run's own verdict agrees: both generators visibly change images.
  const std::string verdict = english(s.result.learning_sentences);
  EXPECT_TRUE(s.result.learned) << verdict;
  EXPECT_EQ(verdict.rfind("G changes images by", 0), 0u) << verdict;
  // G moved the colours towards the unseen grade, without pairs, and beats doing nothing.
  // (Measured 2026-12-05, 1 thread: 20.69 -> 22.30 dB. 16 images is a small set, so G and F are
  // held near their colour-transfer start, which alone scores 25.8 dB; left free, 400
  // iterations on 16 images end at 16.4 dB. Seeds move the gain: +1.4 to +1.8 dB over seeds 1-3,
  // as with the official cycle, +1.4 to +2.2; the bound leaves room for other LibTorch versions.)
  EXPECT_GT(s.psnr_after, s.psnr_before + 1.0);
  EXPECT_LT(s.gap_after, 0.75 * s.gap_before);
}

TEST(TrainQuality, QuickPresetLearnsALossySepiaLookFromTwentyImages) {
  const ToyScore s = train_toy(sepia, 20, 200);
  std::printf("toy sepia, 20 images, quick at 32 px, 200 iterations: PSNR %.2f dB (nothing done) -> %.2f dB, "
              "mean colour gap %.4f -> %.4f, G changes images by %.1f/255\n", s.psnr_before, s.psnr_after,
              s.gap_before, s.gap_after, s.change);
  // A lossy look is the hard case for CycleGAN: F cannot give the colour back, so the cycle
  // loss resists it.
  EXPECT_TRUE(s.result.learned) << english(s.result.learning_sentences);
  EXPECT_GT(s.change, 10.0);
  EXPECT_GT(s.psnr_after, s.psnr_before + 3);
}

}  // namespace
}  // namespace cyclegan
