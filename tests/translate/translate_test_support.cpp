#include "tests/translate/translate_test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "core/image_io.h"
#include "core/pixel_tensor.h"
#include "models/official_checkpoint.h"
#include "tests/fixture_files.h"

namespace cyclegan::test {

PixelBuffer photo(const std::string& name, int width, int height) {
  PixelBuffer src = to_rgb_drop_alpha(load_image(cyclegan_fixtures::photo(name)));
  if (src.width == width && src.height == height) return src;
  torch::Tensor x = to_network_input(src);
  x = torch::nn::functional::interpolate(
      x, torch::nn::functional::InterpolateFuncOptions()
             .size(std::vector<int64_t>{height, width})
             .mode(torch::kBilinear)
             .align_corners(false));
  return network_output_to_rgb(x);
}

std::shared_ptr<Network> fixture_generator(const std::string& name) {
  return load_official_network(cyclegan_fixtures::official(name + ".pth"));
}

ChannelDiff compare(const PixelBuffer& a, const PixelBuffer& b) {
  EXPECT_EQ(a.width, b.width);
  EXPECT_EQ(a.height, b.height);
  EXPECT_EQ(a.channels, b.channels);
  ChannelDiff d;
  const size_t n = size_t(a.width) * a.height;
  for (int k = 0; k < a.color_channels(); ++k) {
    std::vector<double> diffs(n);
    double sum = 0.0;
    for (size_t i = 0; i < n; ++i) {
      diffs[i] = std::abs(double(a.data[i * a.channels + k]) - b.data[i * b.channels + k]);
      sum += diffs[i];
      d.max_abs = std::max(d.max_abs, diffs[i]);
    }
    const size_t at = std::min(n - 1, size_t(0.99 * n));
    std::nth_element(diffs.begin(), diffs.begin() + at, diffs.end());
    d.mean_abs.push_back(sum / n);
    d.p99.push_back(diffs[at]);
  }
  return d;
}

double boundary_energy_ratio(const PixelBuffer& image, const std::vector<int>& columns,
                             const std::vector<int>& rows, int block) {
  const int w = image.width / block, h = image.height / block, cc = image.color_channels();
  std::vector<double> avg(size_t(w) * h * cc, 0.0);
  for (int y = 0; y < h * block; ++y)
    for (int x = 0; x < w * block; ++x)
      for (int k = 0; k < cc; ++k)
        avg[(size_t(y / block) * w + x / block) * cc + k] +=
            image.data[(size_t(y) * image.width + x) * image.channels + k];
  auto at = [&](int x, int y, int k) { return avg[(size_t(y) * w + x) * cc + k]; };
  double on = 0, off = 0;
  long n_on = 0, n_off = 0;
  std::vector<bool> is_col(w + 1, false), is_row(h + 1, false);
  for (int x : columns) is_col[x / block] = true;
  for (int y : rows) is_row[y / block] = true;
  for (int y = 0; y < h; ++y)
    for (int x = 1; x < w; ++x)
      for (int k = 0; k < cc; ++k) {
        const double g = at(x, y, k) - at(x - 1, y, k);
        if (is_col[x]) on += g * g, ++n_on; else off += g * g, ++n_off;
      }
  for (int y = 1; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int k = 0; k < cc; ++k) {
        const double g = at(x, y, k) - at(x, y - 1, k);
        if (is_row[y]) on += g * g, ++n_on; else off += g * g, ++n_off;
      }
  return (on / std::max(1L, n_on)) / (off / std::max(1L, n_off));
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "cyclegan-translate-XXXXXX").string();
  path = mkdtemp(tmpl.data());
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path, ignored);
}

}  // namespace cyclegan::test
