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
  const int labels = sample_sheet_label_width({}, 16);
  EXPECT_EQ(sheet.width, labels + 5 * 16 + 6 * 2);
  EXPECT_EQ(sheet.height, 6 * 16 + 7 * 2);
  // Row 4 (real B), column 5 has no image: it stays white; column 1 holds real B pixels.
  auto pixel = [&](int x, int y, int c) { return sheet.data[(static_cast<size_t>(y) * sheet.width + x) * 3 + c]; };
  const int y_b = 2 + 3 * (16 + 2) + 8;
  EXPECT_FLOAT_EQ(pixel(labels + 2 + 4 * 18 + 8, y_b, 0), 1.0f);
  EXPECT_NEAR(pixel(labels + 2 + 8, y_b, 0), (b[0][0][8][8].item<float>() + 1) / 2, 1e-5);

  // And the other way round.
  const PixelBuffer other = make_sample_sheet(nets, b, a);
  EXPECT_EQ(other.width, labels + 5 * 16 + 6 * 2);
}

// Each row says what it shows, in the domains' own names: text (dark pixels) in the label column
// beside every row, and a longer domain name makes a wider column.
TEST(SampleSheet, EveryRowIsLabelled) {
  torch::manual_seed(4);
  CycleGanNets nets = tiny_generators();
  const torch::Tensor a = torch::rand({2, 3, 64, 64}) * 2 - 1, b = torch::rand({2, 3, 64, 64}) * 2 - 1;
  const SheetNames names{"photo", "sepia"};
  const PixelBuffer sheet = make_sample_sheet(nets, a, b, names);
  const int labels = sample_sheet_label_width(names, 64);
  ASSERT_GT(labels, 30);
  EXPECT_EQ(sheet.width, labels + 2 * 64 + 3 * 2);
  for (int r = 0; r < 6; ++r) {
    int dark = 0;
    for (int y = 2 + r * 66; y < 2 + r * 66 + 64; ++y)
      for (int x = 0; x < labels; ++x)
        dark += sheet.data[(static_cast<size_t>(y) * sheet.width + x) * 3] < 0.5f;
    EXPECT_GT(dark, 20) << "row " << r << " has no label";
  }
  EXPECT_GT(sample_sheet_label_width({"photo", "impressionist paintings"}, 64), labels);
}

}  // namespace
}  // namespace cyclegan
