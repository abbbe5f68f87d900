// load_image / save_image: round trips that keep channels and precision, real JPEG photos,
// EXIF/TIFF orientation, WebP, and a clear InputError/OutputError for every kind of bad file.
#include "core/image_io.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include <gegl.h>
#include <gtest/gtest.h>

#include "tests/data/data_test_support.h"
#include "tests/fixture_files.h"

using cyclegan::PixelBuffer;
using cyclegan_test::random_image;
using cyclegan_test::read_bytes;
using cyclegan_test::TempDir;
using cyclegan_test::write_bytes;

namespace {

float max_abs_diff(const PixelBuffer& a, const PixelBuffer& b) {
  EXPECT_EQ(a.data.size(), b.data.size());
  float m = 0;
  for (size_t i = 0; i < a.data.size() && i < b.data.size(); ++i) m = std::max(m, std::fabs(a.data[i] - b.data[i]));
  return m;
}

void expect_same_shape(const PixelBuffer& a, const PixelBuffer& b) {
  EXPECT_EQ(a.width, b.width);
  EXPECT_EQ(a.height, b.height);
  EXPECT_EQ(a.channels, b.channels);
}

// Expects `f` to throw E whose message names `path`.
template <typename E, typename F>
void expect_error_naming(F f, const std::string& path) {
  try {
    f();
    ADD_FAILURE() << "no exception for " << path;
  } catch (const E& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

// Four solid quadrants: red, green / blue, white (large enough to survive JPEG's 16x16 blocks).
PixelBuffer quadrants(int w, int h) {
  PixelBuffer img{w, h, 3, std::vector<float>(size_t(w) * h * 3)};
  const float colors[4][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 1}};
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < 3; ++c) img.data[(size_t(y) * w + x) * 3 + c] = colors[(y >= h / 2) * 2 + (x >= w / 2)][c];
  return img;
}

// Index 0..3 (TL, TR, BL, BR) of the quadrant colour at the centre of quadrant q of `img`.
int quadrant_color_at(const PixelBuffer& img, int q) {
  const int x = (q % 2) ? img.width * 3 / 4 : img.width / 4;
  const int y = (q / 2) ? img.height * 3 / 4 : img.height / 4;
  const float* p = &img.data[(size_t(y) * img.width + x) * img.channels];
  if (p[0] > 0.5f && p[1] > 0.5f) return 3;
  if (p[0] > 0.5f) return 0;
  if (p[1] > 0.5f) return 1;
  return 2;
}

// A JPEG APP1 segment holding an EXIF block with just the Orientation tag.
std::string exif_orientation_segment(int orientation) {
  std::string tiff("II*\0\x08\0\0\0", 8);                            // little-endian, IFD at 8
  tiff += std::string("\x01\0", 2);                                 // one entry
  tiff += std::string("\x12\x01\x03\0\x01\0\0\0", 8);               // tag 274, SHORT, count 1
  tiff += std::string(1, char(orientation)) + std::string(3, '\0');  // value
  tiff += std::string(4, '\0');                                      // no next IFD
  const std::string payload = std::string("Exif\0\0", 6) + tiff;
  const size_t length = payload.size() + 2;
  return std::string("\xFF\xE1", 2) + char(length >> 8) + char(length & 0xFF) + payload;
}

}  // namespace

TEST(ImageIo, Png8RoundTripKeepsChannelsExactly) {
  TempDir dir;
  for (int channels = 1; channels <= 4; ++channels) {
    const PixelBuffer img = random_image(13, 7, channels, 255, channels);
    const std::string path = dir / ("img" + std::to_string(channels) + ".png");
    cyclegan::save_image(img, path, 8);
    const PixelBuffer back = cyclegan::load_image(path);
    expect_same_shape(back, img);
    EXPECT_LT(max_abs_diff(back, img), 1e-6f) << channels << " channels";
  }
}

TEST(ImageIo, Png16AndTiff16KeepPrecisionBeyond8Bits) {
  TempDir dir;
  for (const char* ext : {".png", ".tif"}) {
    for (int channels : {1, 3, 4}) {
      const PixelBuffer img = random_image(11, 9, channels, 65535, 7 + channels);
      const std::string path = dir / (std::string("img16_") + std::to_string(channels) + ext);
      cyclegan::save_image(img, path, 16);
      int bits = 0;
      const PixelBuffer back = cyclegan::load_image(path, &bits);
      EXPECT_EQ(bits, 16);
      expect_same_shape(back, img);
      // 16-bit storage: every sample within half a 16-bit step; an 8-bit path would be off by
      // up to 1/510, far above that.
      EXPECT_LT(max_abs_diff(back, img), 0.51f / 65535) << ext << " " << channels;
    }
  }
}

TEST(ImageIo, Tiff8AndFloatTiffRoundTrip) {
  TempDir dir;
  const PixelBuffer img8 = random_image(10, 6, 4, 255, 3);
  cyclegan::save_image(img8, dir / "a.tiff", 8);
  int bits = 0;
  const PixelBuffer back8 = cyclegan::load_image(dir / "a.tiff", &bits);
  EXPECT_EQ(bits, 8);
  expect_same_shape(back8, img8);
  EXPECT_LT(max_abs_diff(back8, img8), 1e-6f);

  const PixelBuffer imgf = random_image(10, 6, 3, 1000003, 4);
  cyclegan::save_image(imgf, dir / "f.tif", 32);
  const PixelBuffer backf = cyclegan::load_image(dir / "f.tif", &bits);
  EXPECT_EQ(bits, 32);
  expect_same_shape(backf, imgf);
  EXPECT_LT(max_abs_diff(backf, imgf), 1e-6f);
}

TEST(ImageIo, JpegRoundTripIsClose) {
  TempDir dir;
  const PixelBuffer img = quadrants(64, 32);
  cyclegan::save_image(img, dir / "q.jpg");
  int bits = 0;
  const PixelBuffer back = cyclegan::load_image(dir / "q.jpg", &bits);
  EXPECT_EQ(bits, 8);
  expect_same_shape(back, img);
  double total = 0;
  for (size_t i = 0; i < img.data.size(); ++i) total += std::fabs(back.data[i] - img.data[i]);
  EXPECT_LT(total / img.data.size(), 4.0 / 255);
}

TEST(ImageIo, LoadsRealJpegPhotos) {
  for (const char* name : {"dune.jpg", "garden.jpg"}) {
    const PixelBuffer img = cyclegan::load_image(cyclegan_fixtures::photo(name));
    EXPECT_EQ(img.width, 256);
    EXPECT_EQ(img.height, 256);
    EXPECT_EQ(img.channels, 3);
    double sum = 0, sum2 = 0;
    for (float v : img.data) sum += v, sum2 += double(v) * v;
    const double mean = sum / img.data.size();
    EXPECT_GT(mean, 0.05);
    EXPECT_LT(mean, 0.95);
    EXPECT_GT(sum2 / img.data.size() - mean * mean, 0.005) << "a photo is not flat";
  }
}

TEST(ImageIo, RealGrayJpegStaysOneChannel) {
  // A one-component (grayscale) JPEG, as a few photos of any real data set are.
  const PixelBuffer img = cyclegan::load_image(cyclegan_fixtures::photo("storm_gray.jpg"));
  EXPECT_EQ(img.channels, 1);
  EXPECT_GT(img.width, 0);
  double sum = 0;
  for (float v : img.data) sum += v;
  EXPECT_GT(sum / img.data.size(), 0.05);
}

TEST(ImageIo, JpegExifOrientationIsApplied) {
  TempDir dir;
  const PixelBuffer img = quadrants(64, 32);
  cyclegan::save_image(img, dir / "plain.jpg");
  const std::string jpeg = read_bytes(dir / "plain.jpg");
  // Output quadrants (TL, TR, BL, BR) as input quadrants, for EXIF orientations 1..8 (EXIF 2.3,
  // tag 0x0112: e.g. 6 = "0th row is the visual right side", shown turned 90 degrees clockwise).
  const int expected[9][4] = {{}, {0, 1, 2, 3}, {1, 0, 3, 2}, {3, 2, 1, 0}, {2, 3, 0, 1},
                              {0, 2, 1, 3}, {2, 0, 3, 1}, {3, 1, 2, 0}, {1, 3, 0, 2}};
  for (int orientation = 1; orientation <= 8; ++orientation) {
    const std::string path = dir / ("o" + std::to_string(orientation) + ".jpg");
    write_bytes(path, jpeg.substr(0, 2) + exif_orientation_segment(orientation) + jpeg.substr(2));
    const PixelBuffer back = cyclegan::load_image(path);
    const bool swapped = orientation >= 5;
    EXPECT_EQ(back.width, swapped ? 32 : 64) << orientation;
    EXPECT_EQ(back.height, swapped ? 64 : 32) << orientation;
    for (int q = 0; q < 4; ++q) EXPECT_EQ(quadrant_color_at(back, q), expected[orientation][q]) << orientation << " " << q;
  }
}

TEST(ImageIo, TiffOrientationIsApplied) {
  TempDir dir;
  cyclegan::save_image(quadrants(64, 32), dir / "plain.tif", 16);
  std::string tiff = read_bytes(dir / "plain.tif");
  ASSERT_EQ(tiff.substr(0, 4), std::string("II*\0", 4));
  // Find the Orientation entry GEGL writes (value 1) and set it to 6 (turn 90 degrees clockwise).
  const uint32_t ifd = uint8_t(tiff[4]) | uint8_t(tiff[5]) << 8 | uint8_t(tiff[6]) << 16 | uint32_t(uint8_t(tiff[7])) << 24;
  const unsigned entries = uint8_t(tiff[ifd]) | uint8_t(tiff[ifd + 1]) << 8;
  bool patched = false;
  for (unsigned e = 0; e < entries; ++e) {
    const size_t entry = ifd + 2 + 12 * e;
    if (uint8_t(tiff[entry]) == 0x12 && uint8_t(tiff[entry + 1]) == 0x01) tiff[entry + 8] = 6, patched = true;
  }
  ASSERT_TRUE(patched) << "GEGL's tiff-save wrote no Orientation tag";
  write_bytes(dir / "turned.tif", tiff);
  const PixelBuffer back = cyclegan::load_image(dir / "turned.tif");
  EXPECT_EQ(back.width, 32);
  EXPECT_EQ(back.height, 64);
  const int expected[4] = {2, 0, 3, 1};
  for (int q = 0; q < 4; ++q) EXPECT_EQ(quadrant_color_at(back, q), expected[q]) << q;
}

TEST(ImageIo, LoadsWebP) {
  TempDir dir;
  const PixelBuffer img = quadrants(64, 32);
  cyclegan::save_image(img, dir / "q.png");
  // No WebP writer in our API (translation writes PNG/JPEG/TIFF): make one with GEGL directly.
  gegl_init(nullptr, nullptr);
  GeglNode* graph = gegl_node_new();
  const std::string in = dir / "q.png", out = dir / "q.webp";
  GeglNode* load = gegl_node_new_child(graph, "operation", "gegl:load", "path", in.c_str(), nullptr);
  GeglNode* save = gegl_node_new_child(graph, "operation", "gegl:webp-save", "path", out.c_str(), nullptr);
  gegl_node_link(load, save);
  gegl_node_process(save);
  g_object_unref(graph);
  const PixelBuffer back = cyclegan::load_image(out);
  EXPECT_EQ(back.width, 64);
  EXPECT_EQ(back.height, 32);
  for (int q = 0; q < 4; ++q) EXPECT_EQ(quadrant_color_at(back, q), q);
  const std::string bytes = read_bytes(out);
  write_bytes(dir / "cut.webp", bytes.substr(0, bytes.size() / 2));
  expect_error_naming<cyclegan::InputError>([&] { cyclegan::load_image(dir / "cut.webp"); }, dir / "cut.webp");
}

// JPEG has no alpha; GdkPixbuf gives CMYK files an opaque one, which would then read as
// transparency to composite (and warn about). ImageMagick (installed with the project) makes one.
TEST(ImageIo, CmykJpegLoadsAsRgbWithoutAlpha) {
  if (std::system("command -v convert >/dev/null 2>&1") != 0) GTEST_SKIP() << "ImageMagick's convert is missing";
  TempDir dir;
  cyclegan::save_image(quadrants(64, 32), dir / "q.png");
  const std::string command = "convert " + (dir / "q.png") + " -colorspace CMYK " + (dir / "cmyk.jpg");
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const PixelBuffer back = cyclegan::load_image(dir / "cmyk.jpg");
  EXPECT_EQ(back.channels, 3);
  EXPECT_EQ(back.width, 64);
  EXPECT_EQ(back.height, 32);
}

TEST(ImageIo, BadFilesThrowInputErrorNamingTheFile) {
  TempDir dir;
  const PixelBuffer img = random_image(40, 30, 3, 255, 5);
  cyclegan::save_image(img, dir / "good.png");
  cyclegan::save_image(img, dir / "good.jpg");
  cyclegan::save_image(img, dir / "good.tif");
  const std::string png = read_bytes(dir / "good.png"), jpg = read_bytes(dir / "good.jpg"),
                    tif = read_bytes(dir / "good.tif");
  write_bytes(dir / "cut.png", png.substr(0, png.size() / 2));
  write_bytes(dir / "cut.jpg", jpg.substr(0, jpg.size() / 2));
  write_bytes(dir / "cut.tif", tif.substr(0, tif.size() / 2));
  std::string garbled = png;
  for (size_t i = 60; i < garbled.size() - 20; i += 7) garbled[i] = char(garbled[i] ^ 0x5A);
  write_bytes(dir / "garbled.png", garbled);
  write_bytes(dir / "empty.png", "");
  write_bytes(dir / "text.jpg", "this is not an image\n");
  for (const char* name : {"cut.png", "cut.jpg", "cut.tif", "garbled.png", "empty.png", "text.jpg", "missing.png"})
    expect_error_naming<cyclegan::InputError>([&] { cyclegan::load_image(dir / name); }, dir / name);
  expect_error_naming<cyclegan::InputError>([&] { cyclegan::load_image(dir.path()); }, dir.path());
}

TEST(ImageIo, SaveErrors) {
  TempDir dir;
  const PixelBuffer img = random_image(8, 8, 3, 255, 6);
  expect_error_naming<cyclegan::OutputError>([&] { cyclegan::save_image(img, dir / "no/such/folder/x.png"); },
                                             dir / "no/such/folder/x.png");
  expect_error_naming<cyclegan::InputError>([&] { cyclegan::save_image(img, dir / "x.bmp"); }, dir / "x.bmp");
  expect_error_naming<cyclegan::InputError>([&] { cyclegan::save_image(img, dir / "x.jpg", 16); }, dir / "x.jpg");
  expect_error_naming<cyclegan::InputError>([&] { cyclegan::save_image(img, dir / "x.png", 32); }, dir / "x.png");
  // A failed write leaves no temporary file behind and an existing file untouched.
  write_bytes(dir / "keep.png", "old");
  EXPECT_THROW(cyclegan::save_image(img, dir / "keep.png", 12), cyclegan::InputError);
  EXPECT_EQ(read_bytes(dir / "keep.png"), "old");
  size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) files += e.is_regular_file();
  EXPECT_EQ(files, 1u);
}

TEST(ImageIo, SaveClampsAndOverwritesAtomically) {
  TempDir dir;
  PixelBuffer img = random_image(5, 4, 3, 255, 8);
  img.data[0] = 1.7f;
  img.data[1] = -0.3f;
  cyclegan::save_image(img, dir / "c.png");
  cyclegan::save_image(img, dir / "c.png");  // over an existing file
  const PixelBuffer back = cyclegan::load_image(dir / "c.png");
  EXPECT_FLOAT_EQ(back.data[0], 1.0f);
  EXPECT_FLOAT_EQ(back.data[1], 0.0f);
  EXPECT_EQ(back.data[2], img.data[2]);
}

TEST(ImageIo, ExtensionsAreCaseInsensitive) {
  for (const char* name : {"a.jpg", "B.JPEG", "c.Png", "d.webp", "e.TIF", "f.tiff", "g.jpe"})
    EXPECT_TRUE(cyclegan::has_image_extension(name)) << name;
  for (const char* name : {"a.txt", "jpg", "dir.png/readme", "x.bmp", "x.gif", ".png.bak"})
    EXPECT_FALSE(cyclegan::has_image_extension(name)) << name;
}

TEST(ImageIo, FormatComesFromTheContentNotTheName) {
  TempDir dir;
  const PixelBuffer img = random_image(9, 5, 4, 65535, 12);
  cyclegan::save_image(img, dir / "really.png", 16);
  std::filesystem::rename(dir / "really.png", dir / "named.jpg");
  int bits = 0;
  const PixelBuffer back = cyclegan::load_image(dir / "named.jpg", &bits);
  expect_same_shape(back, img);
  EXPECT_EQ(bits, 16);
  EXPECT_LT(max_abs_diff(back, img), 0.51f / 65535);
}

TEST(ImageIo, RgbConversions) {
  PixelBuffer ya{2, 1, 2, {0.2f, 0.0f, 0.6f, 0.5f}};  // gray+alpha: transparent, half
  const PixelBuffer white = cyclegan::to_rgb_over_white(ya);
  ASSERT_EQ(white.channels, 3);
  EXPECT_FLOAT_EQ(white.data[0], 1.0f);
  EXPECT_FLOAT_EQ(white.data[3], 0.6f * 0.5f + 0.5f);
  EXPECT_FLOAT_EQ(white.data[5], white.data[3]);
  const PixelBuffer dropped = cyclegan::to_rgb_drop_alpha(ya);
  EXPECT_FLOAT_EQ(dropped.data[0], 0.2f);
  EXPECT_FLOAT_EQ(dropped.data[4], 0.6f);
  PixelBuffer rgba{1, 1, 4, {0.1f, 0.2f, 0.3f, 1.0f}};
  const PixelBuffer opaque = cyclegan::to_rgb_over_white(rgba);
  EXPECT_FLOAT_EQ(opaque.data[1], 0.2f);
}
