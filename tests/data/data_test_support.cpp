#include "tests/data/data_test_support.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <glib.h>

namespace cyclegan_test {

TempDir::TempDir() {
  GError* error = nullptr;
  gchar* dir = g_dir_make_tmp("cyclegan-data-XXXXXX", &error);
  if (!dir) throw std::runtime_error(error ? error->message : "cannot make a temporary folder");
  path_ = dir;
  g_free(dir);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

cyclegan::PixelBuffer random_image(int width, int height, int channels, int levels, uint64_t seed) {
  std::mt19937_64 rng(seed);
  cyclegan::PixelBuffer image;
  image.width = width;
  image.height = height;
  image.channels = channels;
  image.data.resize(size_t(width) * height * channels);
  for (float& v : image.data) v = float(rng() % uint64_t(levels + 1)) / levels;
  return image;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

}  // namespace cyclegan_test
