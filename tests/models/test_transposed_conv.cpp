// conv_transpose2d_by_conv must equal torch::conv_transpose2d, forward and backward.
#include <gtest/gtest.h>

#include "models/transposed_conv.h"

namespace cyclegan {
namespace {

struct Case {
  int64_t batch, cin, cout, h, w;
  int kernel, stride, padding, output_padding;
  bool bias;
};

double max_diff(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).abs().max().item<double>();
}

void check(const Case& c) {
  SCOPED_TRACE(::testing::Message() << "k" << c.kernel << " s" << c.stride << " p" << c.padding
                                    << " op" << c.output_padding << " " << c.h << "x" << c.w
                                    << " batch " << c.batch);
  torch::manual_seed(c.h * 31 + c.w);
  auto x = torch::randn({c.batch, c.cin, c.h, c.w}, torch::requires_grad());
  auto weight = (torch::randn({c.cin, c.cout, c.kernel, c.kernel}) * 0.2).requires_grad_();
  auto bias = c.bias ? torch::randn({c.cout}).requires_grad_() : torch::Tensor();
  auto ours = conv_transpose2d_by_conv(x, weight, bias, c.stride, c.padding, c.output_padding);
  auto x2 = x.detach().clone().requires_grad_();
  auto weight2 = weight.detach().clone().requires_grad_();
  auto bias2 = c.bias ? bias.detach().clone().requires_grad_() : torch::Tensor();
  auto ref = torch::conv_transpose2d(x2, weight2, bias2, c.stride, c.padding, c.output_padding);
  ASSERT_EQ(ours.sizes(), ref.sizes());
  EXPECT_LT(max_diff(ours, ref), 1e-5);
  // A random upstream gradient exercises every output position differently.
  const auto grad_out = torch::randn(ref.sizes());
  ours.backward(grad_out);
  ref.backward(grad_out);
  EXPECT_LT(max_diff(x.grad(), x2.grad()), 1e-5);
  EXPECT_LT(max_diff(weight.grad(), weight2.grad()) / (1 + weight2.grad().abs().max().item<double>()),
            1e-5);
  if (c.bias) {
    EXPECT_LT(max_diff(bias.grad(), bias2.grad()) / (1 + bias2.grad().abs().max().item<double>()),
              1e-5);
  }
}

// The ResNet generator's upsampling: ConvTranspose2d(k3, s2, p1, output_padding 1).
TEST(TransposedConv, ResnetUpsamplingEvenAndOddSizes) {
  check({2, 5, 4, 8, 8, 3, 2, 1, 1, true});
  check({3, 4, 6, 7, 5, 3, 2, 1, 1, true});
  check({2, 3, 2, 1, 9, 3, 2, 1, 1, false});
}

// The U-Net's: ConvTranspose2d(k4, s2, p1).
TEST(TransposedConv, UnetUpsampling) {
  check({2, 6, 3, 8, 8, 4, 2, 1, 0, true});
  check({2, 6, 3, 5, 7, 4, 2, 1, 0, false});
}

// Other geometries, including odd output sizes (unequal phases) and stride 3.
TEST(TransposedConv, GeneralGeometries) {
  check({2, 3, 4, 6, 6, 3, 2, 1, 0, true});   // odd output 11x11
  check({1, 3, 4, 5, 4, 3, 2, 0, 0, true});
  check({2, 2, 3, 4, 5, 5, 3, 2, 1, true});
  check({1, 2, 2, 3, 3, 1, 2, 0, 1, true});   // 1x1 kernel: some phases get only the bias
  check({2, 3, 3, 6, 6, 3, 1, 1, 0, true});   // stride 1
}

TEST(TransposedConv, ModuleKeepsOfficialParameters) {
  ConvTranspose up(8, 4, 3, 2, 1, 1, true);
  auto params = up->named_parameters();
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0].key(), "weight");
  EXPECT_EQ(params[0].value().sizes(), torch::IntArrayRef({8, 4, 3, 3}));
  EXPECT_EQ(params[1].key(), "bias");
  EXPECT_EQ(up->forward(torch::zeros({1, 8, 5, 6})).sizes(), torch::IntArrayRef({1, 4, 10, 12}));
}

}  // namespace
}  // namespace cyclegan
