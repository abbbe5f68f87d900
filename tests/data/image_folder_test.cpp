// Scanning folders: recursive, sorted, case-insensitive extensions, hidden entries skipped, and
// one clear InputError for a missing folder, a file, or a folder without images.
#include "core/image_folder.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "core/image_io.h"
#include "tests/data/data_test_support.h"

using cyclegan_test::TempDir;
using cyclegan_test::write_bytes;

namespace {

void expect_input_error(const std::string& folder, const std::string& needle) {
  try {
    cyclegan::find_image_files(folder);
    ADD_FAILURE() << "no error for " << folder;
  } catch (const cyclegan::InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(folder), std::string::npos) << what;
    EXPECT_NE(what.find(needle), std::string::npos) << what;
  }
}

}  // namespace

TEST(ImageFolder, ScansRecursivelySortedCaseInsensitive) {
  TempDir dir;
  std::filesystem::create_directories(dir / "sub/deeper");
  std::filesystem::create_directories(dir / ".thumbnails");
  for (const char* name : {"b.JPG", "a.png", "sub/c.webp", "sub/deeper/d.TIFF", "notes.txt", "._a.png",
                           ".thumbnails/x.png", "sub/e.jpeg"})
    write_bytes(dir / name, "x");  // contents do not matter for the scan
  const std::vector<std::string> files = cyclegan::find_image_files(dir.path());
  const std::vector<std::string> expected = {dir / "a.png", dir / "b.JPG", dir / "sub/c.webp",
                                             dir / "sub/deeper/d.TIFF", dir / "sub/e.jpeg"};
  EXPECT_EQ(files, expected);
}

TEST(ImageFolder, ClearErrors) {
  TempDir dir;
  expect_input_error(dir / "missing", "does not exist");
  write_bytes(dir / "file.png", "x");
  expect_input_error(dir / "file.png", "is a file, not a folder");
  std::filesystem::create_directories(dir / "empty");
  expect_input_error(dir / "empty", "contains no images (JPEG, PNG, WebP, TIFF)");
  std::filesystem::create_directories(dir / "texts/sub");
  write_bytes(dir / "texts/readme.txt", "x");
  write_bytes(dir / "texts/sub/data.csv", "x");
  expect_input_error(dir / "texts", "contains no images");
}

TEST(ImageFolder, DisplayName) {
  EXPECT_EQ(cyclegan::folder_display_name("/data/horse2zebra/trainA"), "trainA");
  EXPECT_EQ(cyclegan::folder_display_name("/data/horses/"), "horses");
  EXPECT_EQ(cyclegan::folder_display_name("zebras"), "zebras");
  EXPECT_FALSE(cyclegan::folder_display_name(".").empty());
}

TEST(ImageFolder, TrainingRgbReportsConversions) {
  cyclegan::RgbConversion done;
  for (int channels = 1; channels <= 4; ++channels) {
    const cyclegan::PixelBuffer img = cyclegan_test::random_image(3, 2, channels, 255, channels);
    const cyclegan::PixelBuffer rgb = cyclegan::training_rgb(img, &done);
    EXPECT_EQ(rgb.channels, 3);
    const cyclegan::RgbConversion expected[] = {cyclegan::RgbConversion::Gray, cyclegan::RgbConversion::GrayAlpha,
                                                cyclegan::RgbConversion::None, cyclegan::RgbConversion::Alpha};
    EXPECT_EQ(done, expected[channels - 1]);
  }
}

TEST(ImageFolder, DecodeReportSummarises) {
  std::vector<std::string> warnings;
  cyclegan::Callbacks cb;
  cb.warning = [&](const std::vector<cyclegan::Message>& s) { warnings.push_back(cyclegan::english(s)); };
  cyclegan::DecodeReport report;
  report.skipped("/x/b.png", {{"Cannot read image \"%s\": truncated.", {"/x/b.png"}}});
  report.skipped("/x/a.png", {{"Cannot read image \"%s\": truncated.", {"/x/a.png"}}});
  report.converted("/x/g1.png", cyclegan::RgbConversion::Gray);
  report.converted("/x/g2.png", cyclegan::RgbConversion::GrayAlpha);
  report.converted("/x/c.png", cyclegan::RgbConversion::None);
  EXPECT_EQ(report.skipped_count(), 2u);
  report.flush("\"/x\"", cb);
  ASSERT_EQ(warnings.size(), 4u);
  EXPECT_EQ(warnings[0], "Cannot read image \"/x/a.png\": truncated. It is left out of \"/x\".");
  EXPECT_NE(warnings[1].find("/x/b.png"), std::string::npos);
  EXPECT_EQ(warnings[2], "Grayscale images converted to RGB in \"/x\": 2 (for example \"/x/g1.png\").");
  EXPECT_EQ(warnings[3], "Images with transparency composited over white in \"/x\": 1 (for example \"/x/g2.png\").");
}
