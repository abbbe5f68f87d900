#include "core/sample_sheet.h"

#include <gtest/gtest.h>

#include "models/networks.h"

namespace cyclegan {
namespace {

CycleGanNets tiny_generators() {
  CycleGanNets nets;
  NetworkSpec spec = NetworkSpec::resnet(4, 1);
  nets.g = make_network(spec);
  nets.f = make_network(spec);
  return nets;
}

// The GIMP plug-in passes whatever layers the user has: domain A may hold more images than B.
TEST(SampleSheet, DomainsWithDifferentImageCounts) {
  torch::manual_seed(3);
  CycleGanNets nets = tiny_generators();
  const torch::Tensor a = torch::rand({5, 3, 16, 16}) * 2 - 1, b = torch::rand({3, 3, 16, 16}) * 2 - 1;
  const PixelBuffer sheet = make_sample_sheet(nets, a, b);
  EXPECT_EQ(sheet.width, 5 * 16 + 6 * 2);
  EXPECT_EQ(sheet.height, 6 * 16 + 7 * 2);
  // Row 4 (real B), column 5 has no image: it stays white; column 1 holds real B pixels.
  auto pixel = [&](int x, int y, int c) { return sheet.data[(static_cast<size_t>(y) * sheet.width + x) * 3 + c]; };
  const int y_b = 2 + 3 * (16 + 2) + 8;
  EXPECT_FLOAT_EQ(pixel(2 + 4 * 18 + 8, y_b, 0), 1.0f);
  EXPECT_NEAR(pixel(2 + 8, y_b, 0), (b[0][0][8][8].item<float>() + 1) / 2, 1e-5);

  // And the other way round.
  const PixelBuffer other = make_sample_sheet(nets, b, a);
  EXPECT_EQ(other.width, 5 * 16 + 6 * 2);
}

}  // namespace
}  // namespace cyclegan
