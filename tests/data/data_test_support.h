// Small helpers for the data tests: a temporary folder, synthetic images, raw file bytes.
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "core/cyclegan.h"

namespace cyclegan_test {

// A fresh folder under the system's temp dir, removed with everything in it at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// width x height x channels of random samples in 0..1, each a multiple of 1/levels (255 for
// images that an 8-bit file holds exactly, 65535 for 16-bit).
cyclegan::PixelBuffer random_image(int width, int height, int channels, int levels, uint64_t seed);

std::string read_bytes(const std::string& path);
void write_bytes(const std::string& path, const std::string& bytes);


}  // namespace cyclegan_test
