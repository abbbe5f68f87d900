// Training sets from folders and from in-memory layers: skipped files with warnings naming them,
// conversions reported, clear errors, cancel, and identical samples whether cached or not and
// whatever the number of decoding threads.
#include "core/training_images.h"

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/image_io.h"
#include "tests/data/data_test_support.h"
#include "tests/fixture_files.h"

using cyclegan::PixelBuffer;
using cyclegan::TrainingImages;
using cyclegan::TrainingImagesOptions;
using cyclegan_test::random_image;
using cyclegan_test::TempDir;
using cyclegan_test::write_bytes;

namespace {

TrainingImagesOptions small_options(int threads = 2) {
  TrainingImagesOptions o;
  o.preprocess.load_size = 36;
  o.preprocess.crop_size = 32;
  o.threads = threads;
  return o;
}

struct Recorder {
  std::vector<std::string> warnings;
  cyclegan::Callbacks callbacks() {
    cyclegan::Callbacks cb;
    cb.warning = [this](const std::vector<cyclegan::Message>& s) { warnings.push_back(cyclegan::english(s)); };
    return cb;
  }
  bool mentions(const std::string& text) const {
    for (const auto& w : warnings)
      if (w.find(text) != std::string::npos) return true;
    return false;
  }
};

// A folder of 5 good images (one gray, one with alpha, in a subfolder too) and 4 bad files.
void make_domain(const TempDir& dir) {
  std::filesystem::create_directories(dir / "horses/more");
  cyclegan::save_image(random_image(40, 30, 3, 255, 1), dir / "horses/a.png");
  cyclegan::save_image(random_image(30, 44, 3, 255, 2), dir / "horses/b.jpg");
  cyclegan::save_image(random_image(37, 37, 1, 255, 3), dir / "horses/gray.png");
  cyclegan::save_image(random_image(50, 33, 4, 65535, 4), dir / "horses/more/alpha.png", 16);
  cyclegan::save_image(random_image(33, 50, 3, 255, 5), dir / "horses/more/c.tif");
  const std::string png = cyclegan_test::read_bytes(dir / "horses/a.png");
  write_bytes(dir / "horses/more/truncated.png", png.substr(0, png.size() / 3));
  write_bytes(dir / "horses/zero.jpg", "");
  write_bytes(dir / "horses/notes.png", "not an image");
  write_bytes(dir / "horses/more/cut.jpg", cyclegan_test::read_bytes(dir / "horses/b.jpg").substr(0, 400));
}

std::vector<torch::Tensor> draw(const TrainingImages& set, uint64_t seed, int n) {
  std::mt19937_64 rng(seed);
  std::vector<torch::Tensor> out;
  for (int i = 0; i < n; ++i) out.push_back(set.sample(size_t(i) % set.size(), rng));
  return out;
}

}  // namespace

TEST(TrainingImages, FolderSkipsBadFilesWithWarnings) {
  TempDir dir;
  make_domain(dir);
  Recorder rec;
  const TrainingImages set = TrainingImages::from_folder(dir / "horses", "", small_options(), rec.callbacks());
  EXPECT_EQ(set.name(), "horses");
  ASSERT_EQ(set.size(), 5u);
  EXPECT_TRUE(set.cached());
  EXPECT_EQ(set.cache_bytes(), int64_t(5) * 36 * 36 * 3 * 2);  // 16-bit samples
  for (const char* bad : {"truncated.png", "zero.jpg", "notes.png", "cut.jpg"}) EXPECT_TRUE(rec.mentions(bad)) << bad;
  EXPECT_TRUE(rec.mentions("Grayscale images converted to RGB in \"" + (dir / "horses") + "\": 1 "))
      << rec.warnings.size();
  EXPECT_TRUE(rec.mentions("gray.png"));
  EXPECT_TRUE(rec.mentions("Images with transparency composited over white in \"" + (dir / "horses") + "\": 1 "));
  EXPECT_TRUE(rec.mentions("alpha.png"));
  std::mt19937_64 rng(3);
  const torch::Tensor s = set.sample(0, rng);
  EXPECT_EQ(s.sizes(), torch::IntArrayRef({3, 32, 32}));
  EXPECT_GE(s.min().item<float>(), -1.0f);
  EXPECT_LE(s.max().item<float>(), 1.0f);
  EXPECT_EQ(TrainingImages::from_folder(dir / "horses", "zebra", small_options()).name(), "zebra");
}

TEST(TrainingImages, CachedUncachedAndThreadCountsGiveTheSameSamples) {
  TempDir dir;
  make_domain(dir);
  for (cyclegan::PreprocessMode mode : {cyclegan::PreprocessMode::ResizeAndCrop, cyclegan::PreprocessMode::None}) {
    TrainingImagesOptions cached = small_options(2), uncached = small_options(1);
    cached.preprocess.mode = uncached.preprocess.mode = mode;
    uncached.cache_budget_bytes = 10000;  // less than two prepared images (36 x 36 x 3 x 2 bytes)
    const TrainingImages a = TrainingImages::from_folder(dir / "horses", "", cached);
    const TrainingImages b = TrainingImages::from_folder(dir / "horses", "", uncached);
    EXPECT_TRUE(a.cached());
    EXPECT_FALSE(b.cached());
    EXPECT_EQ(b.cache_bytes(), 0);
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a.label(i), b.label(i));
    const auto sa = draw(a, 42, 12), sb = draw(b, 42, 12);
    for (size_t i = 0; i < sa.size(); ++i) EXPECT_TRUE(torch::equal(sa[i], sb[i])) << i;
  }
}

TEST(TrainingImages, AlphaIsCompositedOverWhite) {
  PixelBuffer layer{36, 36, 4, std::vector<float>(36 * 36 * 4, 0.0f)};  // fully transparent black
  std::vector<std::string> warnings;
  cyclegan::Callbacks cb;
  cb.warning = [&](const std::vector<cyclegan::Message>& s) { warnings.push_back(cyclegan::english(s)); };
  TrainingImagesOptions o = small_options();
  o.preprocess.flip = false;
  const TrainingImages set =
      TrainingImages::from_buffers({layer, random_image(40, 40, 1, 255, 2)}, "sketch", o, {"Layer 1", "Layer 2"}, cb);
  ASSERT_EQ(set.size(), 2u);
  EXPECT_EQ(set.label(0), "Layer 1");
  const PixelBuffer p = set.prepared(0);
  for (float v : p.data) ASSERT_FLOAT_EQ(v, 1.0f);
  ASSERT_EQ(warnings.size(), 2u);  // one grayscale, one transparency summary
  std::mt19937_64 rng(1);
  EXPECT_EQ(set.sample(1, rng).sizes(), torch::IntArrayRef({3, 32, 32}));
}

TEST(TrainingImages, RealPhotos) {
  TempDir dir;
  std::filesystem::create_directories(dir / "photos");
  for (const char* name : {"dune.jpg", "garden.jpg", "meadow.jpg"})
    std::filesystem::create_symlink(cyclegan_fixtures::photo(name), dir / (std::string("photos/") + name));
  TrainingImagesOptions o;  // the official defaults: 286 -> 256
  const TrainingImages set = TrainingImages::from_folder(dir / "photos", "", o);
  ASSERT_EQ(set.size(), 3u);
  EXPECT_EQ(set.prepared(0).width, 286);
  std::mt19937_64 rng(0);
  const torch::Tensor s = set.sample(2, rng);
  EXPECT_EQ(s.sizes(), torch::IntArrayRef({3, 256, 256}));
  EXPECT_GT(s.std().item<float>(), 0.1f);
}

TEST(TrainingImages, ClearErrors) {
  TempDir dir;
  std::filesystem::create_directories(dir / "empty");
  std::filesystem::create_directories(dir / "broken");
  write_bytes(dir / "broken/a.jpg", "");
  write_bytes(dir / "broken/b.png", "garbage");
  auto message = [&](const std::string& folder) -> std::string {
    try {
      TrainingImages::from_folder(folder, "", small_options());
    } catch (const cyclegan::InputError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_NE(message(dir / "missing").find("does not exist"), std::string::npos);
  EXPECT_NE(message(dir / "empty").find("contains no images"), std::string::npos);
  const std::string broken = message(dir / "broken");
  EXPECT_NE(broken.find("contains no readable images (JPEG, PNG, WebP, TIFF)"), std::string::npos) << broken;
  EXPECT_NE(broken.find(dir / "broken"), std::string::npos) << broken;
  // crop mode with an image smaller than the crop: an error naming it.
  std::filesystem::create_directories(dir / "small");
  cyclegan::save_image(random_image(20, 40, 3, 255, 1), dir / "small/tiny.png");
  TrainingImagesOptions crop = small_options();
  crop.preprocess.mode = cyclegan::PreprocessMode::Crop;
  try {
    TrainingImages::from_folder(dir / "small", "", crop);
    FAIL() << "no error";
  } catch (const cyclegan::InputError& e) {
    const std::string tiny = dir / "small/tiny.png";
    EXPECT_EQ(std::string(e.what()), "The image \"" + tiny + "\" (20x40) is smaller than the crop size 32x32: remove "
                                     "it, or use a smaller crop or resize_and_crop.");
    // Raised in a decoding thread and passed on whole: the plug-in can still translate it.
    EXPECT_EQ(e.sentences().at(0).args, (std::vector<std::string>{tiny, "20", "40", "32"}));
  }
  EXPECT_THROW(TrainingImages::from_buffers({}, "none", small_options()), cyclegan::InputError);
}

TEST(TrainingImages, Cancel) {
  TempDir dir;
  make_domain(dir);
  cyclegan::Callbacks cb;
  cb.should_cancel = [] { return true; };
  EXPECT_THROW(TrainingImages::from_folder(dir / "horses", "", small_options(), cb), cyclegan::Cancelled);
  EXPECT_THROW(TrainingImages::from_buffers({random_image(40, 40, 3, 255, 1)}, "x", small_options(), {}, cb),
               cyclegan::Cancelled);
}
