// The official preprocessing, formula for formula (data/base_dataset.py), PIL's bicubic resize
// (checked against PIL itself when /usr/bin/python3 has it), and reproducible random draws.
#include "core/preprocess.h"

#include <cmath>
#include <cstdlib>
#include <set>

#include <gtest/gtest.h>

#include "core/image_io.h"
#include "tests/data/data_test_support.h"

using cyclegan::PixelBuffer;
using cyclegan::PreprocessMode;
using cyclegan::PreprocessOptions;

namespace {

PreprocessOptions options(PreprocessMode mode, int load, int crop, bool flip = true) {
  PreprocessOptions o;
  o.mode = mode;
  o.load_size = load;
  o.crop_size = crop;
  o.flip = flip;
  return o;
}

std::pair<int, int> prepared(const PreprocessOptions& o, int w, int h) {
  int pw = 0, ph = 0;
  cyclegan::prepared_size(o, w, h, &pw, &ph);
  return {pw, ph};
}

// Every pixel holds its own coordinates, so a crop/flip can be read back from the pixels.
PixelBuffer coordinate_image(int w, int h) {
  PixelBuffer img{w, h, 3, std::vector<float>(size_t(w) * h * 3)};
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      float* p = &img.data[(size_t(y) * w + x) * 3];
      p[0] = float(x) / 1000;
      p[1] = float(y) / 1000;
      p[2] = 0.5f;
    }
  return img;
}

}  // namespace

TEST(Preprocess, ModeNames) {
  for (const char* name : {"resize_and_crop", "crop", "scale_width", "scale_width_and_crop", "none", "native"})
    EXPECT_STREQ(cyclegan::preprocess_mode_name(cyclegan::parse_preprocess_mode(name)), name);
  EXPECT_THROW(cyclegan::parse_preprocess_mode("resize"), cyclegan::InputError);
}

TEST(Preprocess, PreparedSizesFollowTheOfficialFormulas) {
  // resize_and_crop: transforms.Resize([load_size, load_size]).
  EXPECT_EQ(prepared(options(PreprocessMode::ResizeAndCrop, 286, 256), 500, 333), std::make_pair(286, 286));
  // crop: the image as it is.
  EXPECT_EQ(prepared(options(PreprocessMode::Crop, 286, 256), 500, 333), std::make_pair(500, 333));
  // scale_width: w = load, h = int(max(load * oh / ow, crop)).
  const PreprocessOptions sw = options(PreprocessMode::ScaleWidth, 286, 256);
  EXPECT_EQ(prepared(sw, 500, 333), std::make_pair(286, 256));  // 190.48 -> crop size
  EXPECT_EQ(prepared(sw, 300, 600), std::make_pair(286, 572));  // 572.0
  EXPECT_EQ(prepared(sw, 333, 500), std::make_pair(286, 429));  // 429.43 truncated
  EXPECT_EQ(prepared(sw, 286, 300), std::make_pair(286, 300));  // unchanged: width fits, tall enough
  EXPECT_EQ(prepared(sw, 286, 100), std::make_pair(286, 256));
  EXPECT_EQ(prepared(options(PreprocessMode::ScaleWidthAndCrop, 64, 32), 100, 77),
            std::make_pair(64, 49));  // 49.28
  // none: __make_power_2(base=4) with Python's round (halves to even).
  const PreprocessOptions none = options(PreprocessMode::None, 286, 256);
  EXPECT_EQ(prepared(none, 256, 256), std::make_pair(256, 256));
  EXPECT_EQ(prepared(none, 6, 10), std::make_pair(8, 8));     // 1.5 -> 2, 2.5 -> 2
  EXPECT_EQ(prepared(none, 14, 13), std::make_pair(16, 12));  // 3.5 -> 4, 3.25 -> 3
  EXPECT_EQ(prepared(none, 301, 199), std::make_pair(300, 200));
  EXPECT_EQ(prepared(none, 1, 2), std::make_pair(4, 4));  // never below 4 (official: PIL error)
}

TEST(Preprocess, NativeKeepsTheImageSizeUnlessItsShorterSideIsOutsideCropToLoad) {
  const PreprocessOptions native = options(PreprocessMode::Native, 512, 64);
  EXPECT_EQ(prepared(native, 256, 256), std::make_pair(256, 256));
  EXPECT_EQ(prepared(native, 500, 333), std::make_pair(500, 333));
  EXPECT_EQ(prepared(native, 4000, 3000), std::make_pair(683, 512));  // capped, aspect kept
  EXPECT_EQ(prepared(native, 30, 48), std::make_pair(64, 102));       // raised to the crop
  EXPECT_EQ(prepared(native, 40, 40), std::make_pair(64, 64));
  // A small image is enlarged rather than refused (crop mode refuses it).
  std::mt19937_64 rng(3);
  const PixelBuffer s = cyclegan::augment(
      cyclegan::prepare(cyclegan_test::random_image(40, 50, 3, 255, 2), native, "small.png"), native, rng);
  EXPECT_EQ(s.width, 64);
  EXPECT_EQ(s.height, 64);
}

TEST(Preprocess, SampleSizesPerMode) {
  std::mt19937_64 rng(1);
  const PixelBuffer img = cyclegan_test::random_image(50, 37, 3, 255, 2);
  struct Case { PreprocessMode mode; int w, h; };
  for (const Case& c : {Case{PreprocessMode::ResizeAndCrop, 24, 24}, Case{PreprocessMode::Crop, 24, 24},
                        Case{PreprocessMode::ScaleWidth, 30, 24}, Case{PreprocessMode::ScaleWidthAndCrop, 24, 24},
                        Case{PreprocessMode::None, 48, 36}}) {  // none: 50/4 = 12.5 -> 12 (half to even)
    const PreprocessOptions o = options(c.mode, 30, 24);
    const PixelBuffer p = cyclegan::prepare(img, o, "img.png");
    const PixelBuffer s = cyclegan::augment(p, o, rng);
    EXPECT_EQ(s.width, c.w) << cyclegan::preprocess_mode_name(c.mode);
    EXPECT_EQ(s.height, c.h) << cyclegan::preprocess_mode_name(c.mode);
    EXPECT_EQ(s.channels, 3);
  }
}

TEST(Preprocess, CropAndFlipAreWindowsOfThePreparedImage) {
  const PixelBuffer img = coordinate_image(40, 30);
  const PreprocessOptions o = options(PreprocessMode::Crop, 40, 16);
  std::mt19937_64 rng(123);
  std::set<std::pair<int, int>> corners;
  int flips = 0;
  const int kSamples = 400;
  for (int n = 0; n < kSamples; ++n) {
    const PixelBuffer s = cyclegan::augment(img, o, rng);
    ASSERT_EQ(s.width, 16);
    const int x0 = int(std::lround(s.data[0] * 1000)), y0 = int(std::lround(s.data[1] * 1000));
    const int x1 = int(std::lround(s.data[15 * 3] * 1000));
    const bool flipped = x1 < x0;
    flips += flipped;
    const int left = flipped ? x1 : x0;
    corners.insert({left, y0});
    ASSERT_GE(left, 0);
    ASSERT_LE(left, 40 - 16);
    ASSERT_LE(y0, 30 - 16);
    ASSERT_EQ(std::abs(x1 - x0), 15);  // contiguous window, mirrored or not
    // Bottom-right pixel: the window is exactly 16 rows.
    EXPECT_EQ(int(std::lround(s.data[(15 * 16 + 15) * 3 + 1] * 1000)), y0 + 15);
  }
  EXPECT_GT(flips, kSamples * 0.4);  // RandomHorizontalFlip(p = 0.5)
  EXPECT_LT(flips, kSamples * 0.6);
  EXPECT_GT(corners.size(), 150u);  // 25 x 15 = 375 positions are possible
}

TEST(Preprocess, NoFlipOptionAndExactFitDrawNothingForTheCrop) {
  const PixelBuffer img = coordinate_image(16, 16);
  std::mt19937_64 rng(5), untouched(5);
  const PixelBuffer s = cyclegan::augment(img, options(PreprocessMode::Crop, 16, 16, false), rng);
  EXPECT_EQ(s.data, img.data);
  EXPECT_EQ(rng(), untouched());  // torchvision's RandomCrop draws nothing for an exact fit
}

TEST(Preprocess, DeterministicForAGivenSeed) {
  const PixelBuffer img = cyclegan_test::random_image(41, 35, 3, 255, 9);
  const PreprocessOptions o = options(PreprocessMode::ResizeAndCrop, 36, 32);
  const PixelBuffer p = cyclegan::prepare(img, o, "x");
  std::mt19937_64 a(77), b(77), c(78);
  bool any_difference = false;
  for (int i = 0; i < 20; ++i) {
    const PixelBuffer sa = cyclegan::augment(p, o, a), sb = cyclegan::augment(p, o, b),
                      sc = cyclegan::augment(p, o, c);
    EXPECT_EQ(sa.data, sb.data);
    any_difference |= sa.data != sc.data;
  }
  EXPECT_TRUE(any_difference);
}

TEST(Preprocess, TooSmallForTheCropNamesFileAndSizes) {
  const PixelBuffer img = cyclegan_test::random_image(20, 30, 3, 255, 1);
  try {
    cyclegan::prepare(img, options(PreprocessMode::Crop, 286, 256), "/photos/tiny.png");
    FAIL() << "no error";
  } catch (const cyclegan::InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("/photos/tiny.png"), std::string::npos) << what;
    EXPECT_NE(what.find("20x30"), std::string::npos) << what;
    EXPECT_NE(what.find("256"), std::string::npos) << what;
  }
  // resize_and_crop scales every image to the load size first (as the official code): no error.
  EXPECT_EQ(cyclegan::prepare(img, options(PreprocessMode::ResizeAndCrop, 40, 32), "t").width, 40);
  EXPECT_THROW(cyclegan::check_preprocess_options(options(PreprocessMode::ResizeAndCrop, 200, 256)),
               cyclegan::InputError);
  EXPECT_THROW(cyclegan::check_preprocess_options(options(PreprocessMode::None, 0, 256)), cyclegan::InputError);
}

TEST(Preprocess, BicubicResizeBasics) {
  PixelBuffer flat{9, 7, 2, std::vector<float>(9 * 7 * 2, 0.25f)};
  const PixelBuffer big = cyclegan::resize_bicubic(flat, 20, 3);
  for (float v : big.data) EXPECT_NEAR(v, 0.25f, 1e-6f);
  const PixelBuffer img = cyclegan_test::random_image(9, 7, 3, 255, 4);
  EXPECT_EQ(cyclegan::resize_bicubic(img, 9, 7).data, img.data);
  // Shrinking a 1-pixel checkerboard by 4 antialiases (PIL widens the kernel) to mid-gray.
  PixelBuffer checker{32, 32, 1, std::vector<float>(32 * 32)};
  for (int i = 0; i < 32 * 32; ++i) checker.data[i] = float((i % 32 + i / 32) % 2);
  const PixelBuffer small = cyclegan::resize_bicubic(checker, 8, 8);
  for (int y = 1; y < 7; ++y)
    for (int x = 1; x < 7; ++x) EXPECT_NEAR(small.data[y * 8 + x], 0.5f, 0.02f);
}

TEST(Preprocess, BicubicMatchesPil) {
  if (std::system("/usr/bin/python3 -c 'import PIL' >/dev/null 2>&1") != 0) GTEST_SKIP() << "no Python PIL";
  cyclegan_test::TempDir dir;
  const PixelBuffer img = cyclegan_test::random_image(37, 23, 3, 255, 11);
  cyclegan::save_image(img, dir / "in.png");
  struct Size { int w, h; };
  for (const Size& s : {Size{50, 41}, Size{17, 11}, Size{37, 60}, Size{286, 286}}) {
    const std::string out = dir / ("pil" + std::to_string(s.w) + ".png");
    const std::string cmd = "/usr/bin/python3 -c \"from PIL import Image; Image.open('" + (dir / "in.png") +
                            "').resize((" + std::to_string(s.w) + "," + std::to_string(s.h) +
                            "), Image.BICUBIC).save('" + out + "')\"";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    const PixelBuffer pil = cyclegan::load_image(out);
    const PixelBuffer ours = cyclegan::resize_bicubic(img, s.w, s.h);
    ASSERT_EQ(pil.data.size(), ours.data.size());
    float worst = 0;
    for (size_t i = 0; i < ours.data.size(); ++i) worst = std::max(worst, std::fabs(pil.data[i] - ours.data[i]));
    // PIL rounds to 8 bits after each pass and uses fixed-point weights: about one level apart
    // at worst, a fraction of a level on average.
    double total = 0;
    for (size_t i = 0; i < ours.data.size(); ++i) total += std::fabs(pil.data[i] - ours.data[i]);
    EXPECT_LE(worst, 1.5f / 255) << s.w << "x" << s.h;
    EXPECT_LE(total / ours.data.size(), 0.35 / 255) << s.w << "x" << s.h;
  }
}

TEST(Preprocess, PortableDraws) {
  std::mt19937_64 rng(2024);
  std::vector<int> counts(7, 0);
  for (int i = 0; i < 70000; ++i) ++counts[cyclegan::uniform_index(rng, 7)];
  for (int c : counts) EXPECT_NEAR(c, 10000, 400);
  EXPECT_EQ(cyclegan::uniform_index(rng, 1), 0u);
  double sum = 0;
  for (int i = 0; i < 10000; ++i) {
    const double u = cyclegan::uniform_unit(rng);
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / 10000, 0.5, 0.02);
}
