// A short `quick` run on a toy task whose answer is known measurably learns it: domain B is
// *other* images through a fixed warm colour grade, so G(x) should move towards grade(x).
// Checked on held-out images as the gap between the mean colours of G(x) and grade(x), compared
// with doing nothing (x itself); PSNR is printed for the record.
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

double psnr(const torch::Tensor& x, const torch::Tensor& y) {  // both in [-1, 1]
  const double mse = ((x - y) / 2).pow(2).mean().item<double>();
  return 10 * std::log10(1.0 / std::max(mse, 1e-12));
}

TEST(TrainQuality, QuickPresetLearnsAColourGrade) {
  namespace fs = std::filesystem;
  const fs::path out = fs::temp_directory_path() / ("cyclegan_quality_" + std::to_string(::getpid()) + ".cgan");
  TrainOptions o;
  for (int i = 0; i < 16; ++i) {
    o.a.images.push_back(smooth_image(36, 1000 + i));
    o.b.images.push_back(grade(smooth_image(36, 2000 + i)));  // unpaired: other images
  }
  o.preset = "quick";
  o.image_size = 32;
  o.iterations = 400;
  o.seed = 3;
  o.threads = 1;  // OpenMP threads spin badly on a busy 2-core CI machine
  o.output = out.string();
  const TrainResult result = train(o);
  // The run's own verdict agrees: both generators visibly change images.
  EXPECT_TRUE(result.learned) << result.learning_summary;
  EXPECT_EQ(result.learning_summary.rfind("G changes images by", 0), 0u) << result.learning_summary;

  ModelFile m = load_model_file(o.output);
  m.g->eval();
  torch::NoGradGuard no_grad;
  double before = 0, after = 0, mean_before = 0, mean_after = 0;
  const int n = 8;
  for (int i = 0; i < n; ++i) {
    const PixelBuffer x = smooth_image(32, 3000 + i);
    torch::Tensor input = rgb_to_chw(x).unsqueeze(0), target = rgb_to_chw(grade(x)).unsqueeze(0);
    torch::Tensor output = m.g->forward(input).clamp(-1, 1);
    before += psnr(input, target) / n;
    after += psnr(output, target) / n;
    // Distance of the per-channel mean colour to the target's: the grade's main effect.
    auto mean_gap = [&](const torch::Tensor& t) {
      return (t.mean({2, 3}) - target.mean({2, 3})).abs().mean().item<double>() / n;
    };
    mean_before += mean_gap(input);
    mean_after += mean_gap(output);
  }
  std::printf("toy colour grade, quick preset at 32 px, 400 iterations: PSNR %.2f dB (nothing done) -> %.2f dB, "
              "mean colour gap %.4f -> %.4f\n", before, after, mean_before, mean_after);
  // G moved the colours towards the unseen grade, without pairs, and is better than doing
  // nothing. (Measured 2026-11-26, 1 thread, session-2 quick preset: 20.69 -> 22.32 dB, gap
  // 0.157 -> 0.124. 16 images per domain is a "small set", so the identity loss is on; without
  // it the same run ends at 17.9 dB, below nothing done, while 64 images reach 25.7 dB.)
  EXPECT_GT(after, before + 0.5);
  EXPECT_LT(mean_after, 0.9 * mean_before);
  fs::remove(out);
}

}  // namespace
}  // namespace cyclegan
