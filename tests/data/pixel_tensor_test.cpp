// PixelBuffer <-> tensors: layout, value range, gray replication, alpha left alone.
#include "core/pixel_tensor.h"

#include <gtest/gtest.h>

#include "tests/data/data_test_support.h"

using cyclegan::PixelBuffer;

TEST(PixelTensor, NetworkInputLayoutAndRange) {
  const PixelBuffer img = cyclegan_test::random_image(5, 3, 4, 255, 1);
  const torch::Tensor t = cyclegan::to_network_input(img);
  ASSERT_EQ(t.sizes(), torch::IntArrayRef({1, 3, 3, 5}));
  for (int y = 0; y < 3; ++y)
    for (int x = 0; x < 5; ++x)
      for (int c = 0; c < 3; ++c)
        EXPECT_FLOAT_EQ(t[0][c][y][x].item<float>(), img.data[(y * 5 + x) * 4 + c] * 2 - 1);
}

TEST(PixelTensor, GrayIsReplicated) {
  const PixelBuffer gray = cyclegan_test::random_image(4, 2, 2, 255, 2);
  const torch::Tensor t = cyclegan::to_network_input(gray);
  ASSERT_EQ(t.sizes(), torch::IntArrayRef({1, 3, 2, 4}));
  EXPECT_TRUE(torch::equal(t[0][0], t[0][1]));
  EXPECT_TRUE(torch::equal(t[0][0], t[0][2]));
  EXPECT_FLOAT_EQ(t[0][0][1][3].item<float>(), gray.data[(1 * 4 + 3) * 2] * 2 - 1);
}

TEST(PixelTensor, OutputRoundTripKeepsAlpha) {
  const PixelBuffer img = cyclegan_test::random_image(6, 4, 4, 255, 3);
  PixelBuffer copy = img;
  for (size_t i = 3; i < copy.data.size(); i += 4) copy.data[i - 3] = 0;  // change red, keep alpha
  cyclegan::store_network_output(cyclegan::to_network_input(img), copy);
  for (size_t i = 0; i < img.data.size(); ++i) EXPECT_NEAR(copy.data[i], img.data[i], 1e-6f);
  const PixelBuffer rgb = cyclegan::network_output_to_rgb(cyclegan::to_network_input(img));
  EXPECT_EQ(rgb.channels, 3);
  EXPECT_NEAR(rgb.data[3 + 1], img.data[4 + 1], 1e-6f);  // pixel 1, green
}

TEST(PixelTensor, GrayOutputIsTheChannelMeanAndClamped) {
  PixelBuffer ya{1, 1, 2, {0.0f, 0.3f}};
  torch::Tensor out = torch::tensor({0.0f, 0.5f, -0.5f}).view({3, 1, 1});  // 0.5, 0.75, 0.25
  cyclegan::store_network_output(out, ya);
  EXPECT_NEAR(ya.data[0], 0.5f, 1e-6f);
  EXPECT_FLOAT_EQ(ya.data[1], 0.3f);
  const PixelBuffer clamped = cyclegan::network_output_to_rgb(torch::tensor({2.0f, -3.0f, 0.0f}).view({1, 3, 1, 1}));
  EXPECT_FLOAT_EQ(clamped.data[0], 1.0f);
  EXPECT_FLOAT_EQ(clamped.data[1], 0.0f);
  EXPECT_FLOAT_EQ(clamped.data[2], 0.5f);
  EXPECT_THROW(cyclegan::rgb_to_chw(ya), cyclegan::InputError);
}
