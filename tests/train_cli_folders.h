// The fixture of the tests that run the real `cyclegan train` (found through CYCLEGAN_CLI, which
// meson test sets): a fresh folder named after the test, holding a few flat 40 px "photos" and
// "paintings", and the command run on them with its stderr kept for the checks.
#pragma once

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "core/image_io.h"

namespace cyclegan {

class TrainCliFolders : public ::testing::Test {
 protected:
  // Writes `count` photos (PNG) and as many paintings (`painting_extension` decides the format) of
  // one colour each, stepping by the given amounts so that no two are alike.
  void make_folders(const std::string& prefix, int count, float photo_step, float painting_step,
                    const std::string& painting_extension) {
    const char* cli = std::getenv("CYCLEGAN_CLI");
    if (!cli) GTEST_SKIP() << "CYCLEGAN_CLI is not set (run through meson test)";
    exe = cli;
    dir = std::filesystem::temp_directory_path() /
          (prefix + std::to_string(::getpid()) + "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "photos");
    std::filesystem::create_directories(dir / "paintings");
    for (int i = 0; i < count; ++i) {
      save_image(flat(0.2f + photo_step * i, 0.5f, 0.7f), (dir / "photos" / ("p" + std::to_string(i) + ".png")).string());
      save_image(flat(0.8f, 0.3f + painting_step * i, 0.1f),
                 (dir / "paintings" / ("q" + std::to_string(i) + painting_extension)).string());
    }
  }
  void TearDown() override {
    if (!dir.empty()) std::filesystem::remove_all(dir);
  }
  // Runs `env cyclegan train args`, stderr to a file (err()); returns the exit status.
  int run(const std::string& args, const std::string& env = "") {
    const std::string cmd = env + " " + exe + " train " + args + " 2>" + (dir / "stderr.txt").string() + " >/dev/null";
    const int st = std::system(cmd.c_str());
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  }
  std::string err() {
    std::ifstream in(dir / "stderr.txt");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  static PixelBuffer flat(float r, float g, float b, int size = 40) {
    PixelBuffer p;
    p.width = p.height = size;
    p.channels = 3;
    for (int i = 0; i < size * size; ++i) p.data.insert(p.data.end(), {r, g, b});
    for (int i = 0; i < size * size * 3; i += 7) p.data[i] *= 0.5f;  // some texture
    return p;
  }

  std::string exe;
  std::filesystem::path dir;
};

}  // namespace cyclegan
