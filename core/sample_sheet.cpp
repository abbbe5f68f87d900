#include "core/sample_sheet.h"

#include <algorithm>

#include "base/errors.h"
#include "core/image_io.h"
#include "core/pixel_tensor.h"

namespace cyclegan {

namespace {

constexpr int kGap = 2;  // white pixels between tiles

}  // namespace

PixelBuffer make_sample_sheet(CycleGanNets& nets, const torch::Tensor& a, const torch::Tensor& b) {
  torch::NoGradGuard no_grad;
  const torch::Device device = nets.g->parameters().front().device();
  torch::Tensor real_a = a.to(device), real_b = b.to(device);
  torch::Tensor fake_b = nets.g->forward(real_a), fake_a = nets.f->forward(real_b);
  const torch::Tensor rows[6] = {real_a, fake_b, nets.f->forward(fake_b),
                                 real_b, fake_a, nets.g->forward(fake_a)};
  // The A rows and the B rows may hold different numbers of images: one column per image of the
  // larger set, empty cells stay white.
  const int n = static_cast<int>(std::max(a.size(0), b.size(0)));
  const int h = static_cast<int>(a.size(2)), w = static_cast<int>(a.size(3));
  PixelBuffer sheet;
  sheet.channels = 3;
  sheet.width = n * w + (n + 1) * kGap;
  sheet.height = 6 * h + 7 * kGap;
  sheet.data.assign(static_cast<size_t>(sheet.width) * sheet.height * 3, 1.0f);
  for (int r = 0; r < 6; ++r)
    for (int c = 0; c < rows[r].size(0); ++c) {
      const PixelBuffer tile = network_output_to_rgb(rows[r][c].cpu());
      const int x0 = kGap + c * (w + kGap), y0 = kGap + r * (h + kGap);
      for (int y = 0; y < h; ++y)
        std::copy(tile.data.begin() + static_cast<size_t>(y) * w * 3,
                  tile.data.begin() + static_cast<size_t>(y + 1) * w * 3,
                  sheet.data.begin() + (static_cast<size_t>(y0 + y) * sheet.width + x0) * 3);
    }
  return sheet;
}

void save_sample_sheet(CycleGanNets& nets, const torch::Tensor& a, const torch::Tensor& b,
                       const std::string& path) {
  save_image(make_sample_sheet(nets, a, b), path);  // atomic: temp file + rename
}

}  // namespace cyclegan
