// The real `cyclegan translate` command line, end to end, on small models and real photos.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/image_io.h"
#include "core/model_file.h"
#include "core/tiled_translate.h"
#include "tests/translate/translate_test_support.h"

namespace cyclegan {
namespace {

namespace fs = std::filesystem;

struct CommandResult {
  int status;
  std::string output;  // stdout and stderr
};

CommandResult cyclegan(const std::string& args) {
  // Under a time limit: a command that waits forever (on a FIFO, say) fails with status 124.
  const std::string cmd = "timeout 120 " + std::string(CYCLEGAN_EXE) + " translate " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  CommandResult r{-1, ""};
  char buf[512];
  while (size_t n = fread(buf, 1, sizeof buf, p)) r.output.append(buf, n);
  const int w = pclose(p);
  r.status = WIFEXITED(w) ? WEXITSTATUS(w) : -1;
  return r;
}

class CmdTranslate : public ::testing::Test {
 protected:
  void SetUp() override {
    ModelFile m;
    m.domain_a = "horse";
    m.domain_b = "zebra";
    torch::manual_seed(3);
    m.g = make_network(NetworkSpec::resnet(4, 1));
    m.f = make_network(NetworkSpec::resnet(4, 2));
    model = tmp.path + "/h2z.cgan";
    save_model_file(m, model);
    photo = test::photo("dune.jpg", 90, 70);
  }
  test::TempDir tmp;
  std::string model;
  PixelBuffer photo;
};

int png_bit_depth(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char h[25] = {};
  in.read(h, 25);
  return static_cast<unsigned char>(h[24]);
}

TEST_F(CmdTranslate, SingleFileMatchesTheLibrary) {
  const std::string in = tmp.path + "/in.png", out = tmp.path + "/out.png";
  save_image(photo, in, 8);
  const CommandResult r = cyclegan("-m " + model + " --to zebra --tile 32 " + in + " " + out);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("horse -> zebra"), std::string::npos) << r.output;
  const PixelBuffer got = load_image(out);
  ASSERT_EQ(got.width, 90);
  ASSERT_EQ(got.height, 70);
  // What the library gives for the same pixels and generator, rounded to 8 bits.
  PixelBuffer expect = load_image(in);
  auto g = load_model_file(model, false).g;
  translate_tiled(*g, expect, {});
  EXPECT_LE(test::compare(got, expect).max_abs, 1.01 / 255);
  EXPECT_GT(test::compare(got, load_image(in)).mean_abs[0], 0.01);
}

TEST_F(CmdTranslate, SixteenBitPngStaysSixteenBit) {
  const std::string in = tmp.path + "/in16.png", out = tmp.path + "/out16.png";
  save_image(photo, in, 16);
  ASSERT_EQ(png_bit_depth(in), 16);
  const CommandResult r = cyclegan("-m " + model + " --direction b2a " + in + " " + out);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(png_bit_depth(out), 16);
  // Values off the 8-bit grid are there (an 8-bit detour would leave none).
  const PixelBuffer got = load_image(out);
  int off_grid = 0;
  for (float v : got.data) off_grid += std::abs(v * 255 - std::round(v * 255)) > 0.01;
  EXPECT_GT(off_grid, int(got.data.size() / 2));
}

TEST_F(CmdTranslate, BatchFolderKeepsNamesAndFormats) {
  const fs::path in = tmp.path + "/in", out = tmp.path + "/out";
  fs::create_directories(in);
  save_image(photo, (in / "a.png").string(), 16);
  save_image(photo, (in / "b.jpg").string(), 8);
  save_image(photo, (in / "c.tif").string(), 8);
  std::ofstream(in / "notes.txt") << "not an image";
  const CommandResult r = cyclegan("-m " + model + " " + in.string() + " " + out.string());
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("[3/3]"), std::string::npos) << r.output;
  for (const char* name : {"a.png", "b.jpg", "c.tif"}) {
    ASSERT_TRUE(fs::exists(out / name)) << name;
    const PixelBuffer p = load_image((out / name).string());
    EXPECT_EQ(p.width, 90);
    EXPECT_EQ(p.height, 70);
  }
  EXPECT_EQ(png_bit_depth((out / "a.png").string()), 16);
  EXPECT_FALSE(fs::exists(out / "notes.txt"));
}

TEST_F(CmdTranslate, ClearErrors) {
  const std::string in = tmp.path + "/in.png", out = tmp.path + "/out.png";
  save_image(photo, in, 8);

  CommandResult r = cyclegan("-m " + model + " --direction sideways " + in + " " + out);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("sideways"), std::string::npos) << r.output;

  const std::string text = tmp.path + "/readme.cgan";
  std::ofstream(text) << "hello";
  r = cyclegan("-m " + text + " " + in + " " + out);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find(text), std::string::npos) << r.output;

  r = cyclegan("-m " + model + " --to cat " + in + " " + out);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("zebra"), std::string::npos) << r.output;

  const std::string broken = tmp.path + "/broken.png";
  std::ofstream(broken) << "\x89PNG\r\n\x1a\n truncated";
  r = cyclegan("-m " + model + " " + broken + " " + out);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("broken.png"), std::string::npos) << r.output;

  r = cyclegan("-m " + model + " " + tmp.path + "/missing.png " + out);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("missing.png"), std::string::npos) << r.output;

  r = cyclegan("-m " + model + " " + in);
  EXPECT_EQ(r.status, 2);
  EXPECT_FALSE(fs::exists(out));

  r = cyclegan("-m " + model + " --device gpu " + in + " " + out);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("unknown device"), std::string::npos) << r.output;
}

TEST_F(CmdTranslate, NothingIsOverwrittenOrWaitedFor) {
  const std::string in = tmp.path + "/in.png";
  save_image(photo, in, 8);
  const auto before = fs::file_size(in);

  // Onto itself, by the same or another spelling of its name: refused, the input kept.
  CommandResult r = cyclegan("-m " + model + " " + in + " " + tmp.path + "/./in.png");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("is the input itself"), std::string::npos) << r.output;
  EXPECT_EQ(fs::file_size(in), before);
  r = cyclegan("-m " + model + " " + tmp.path + " " + tmp.path + "/");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("output folder is the input folder"), std::string::npos) << r.output;
  EXPECT_EQ(fs::file_size(in), before);

  // A name no writer takes is refused before the translation, not after it.
  r = cyclegan("-m " + model + " " + in + " " + tmp.path + "/out.bmp");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("use a .png, .jpg or .tif file name"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("translate: horse"), std::string::npos) << r.output;

  // Named pipes as the image or as the model: one sentence, no wait.
  const std::string fifo = tmp.path + "/pipe.png";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  r = cyclegan("-m " + model + " " + fifo + " " + tmp.path + "/o.png");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("named pipe (FIFO), not a file"), std::string::npos) << r.output;
  const std::string fifo_model = tmp.path + "/pipe.cgan";
  ASSERT_EQ(mkfifo(fifo_model.c_str(), 0600), 0);
  r = cyclegan("-m " + fifo_model + " " + in + " " + tmp.path + "/o.png");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("named pipe (FIFO), not a file"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(tmp.path + "/o.png"));
}

}  // namespace
}  // namespace cyclegan
