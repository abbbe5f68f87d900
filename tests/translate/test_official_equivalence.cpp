// An official-format resnet_9blocks checkpoint (ngf 64, legacy container, as the published
// models) translating a real photo gives the official network's output within 1/255.
//
// The official output for a real photo is computed by official_resnet_reference.py: Debian's
// python3-torch running a re-implementation of networks.py's ResnetGenerator (its state_dict
// keys equal tests/fixtures/official/resnet9_keys.txt), which also writes the checkpoint. Our
// side reads that checkpoint with the importer and translates through the public API, tiled
// (128-px tiles, so four tiles and the statistics replay are part of what is compared).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "core/cyclegan.h"
#include "core/image_io.h"
#include "tests/fixture_files.h"
#include "tests/translate/translate_test_support.h"

namespace cyclegan {
namespace {

constexpr const char* kPython = "/usr/bin/python3";

bool python_has_torch() {
  return std::system((std::string(kPython) + " -c 'import torch, numpy, PIL' 2>/dev/null").c_str()) == 0;
}

TEST(OfficialEquivalence, Resnet9CheckpointOnARealPhoto) {
  ASSERT_TRUE(python_has_torch()) << kPython << " lacks torch, numpy or PIL: run scripts/install-deps";
  const char* root = std::getenv("CYCLEGAN_SOURCE_ROOT");
  ASSERT_NE(root, nullptr);
  test::TempDir tmp;
  // The same pixels on both sides: the decoded JPEG, written losslessly.
  const PixelBuffer photo = to_rgb_drop_alpha(load_image(cyclegan_fixtures::photo("dune.jpg")));
  const std::string png = tmp.path + "/photo.png", pth = tmp.path + "/latest_net_G_A.pth",
                    raw = tmp.path + "/official.raw";
  save_image(photo, png, 8);
  const std::string cmd = std::string(kPython) + " " + root +
                          "/tests/translate/official_resnet_reference.py " + pth + " " + png +
                          " " + raw + " 64 9 20261126";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;

  std::vector<float> official(size_t(photo.width) * photo.height * 3);
  std::ifstream(raw, std::ios::binary)
      .read(reinterpret_cast<char*>(official.data()), std::streamsize(official.size() * 4));

  PixelBuffer ours = photo;
  TranslateOptions opt;
  opt.model = pth;
  opt.tile_size = 128;
  translate(ours, opt);
  double worst = 0, sum = 0;
  for (size_t i = 0; i < official.size(); ++i) {
    const double d = std::abs(double(ours.data[i]) - std::clamp(official[i], 0.f, 1.f));
    worst = std::max(worst, d);
    sum += d;
  }
  std::printf("official resnet_9blocks vs ours (tiled): max |diff| %.4f/255, mean %.5f/255\n",
              worst * 255, sum / official.size() * 255);
  EXPECT_LE(worst, 1.0 / 255);
  // And the network is not a near-constant: its output varies over the photo.
  double lo = 1, hi = 0;
  for (float v : official) lo = std::min(lo, double(v)), hi = std::max(hi, double(v));
  EXPECT_GT(hi - lo, 0.2);
}

}  // namespace
}  // namespace cyclegan
