// DiffAugment for the discriminators: geometric only, differentiable, reproducible from a seed.
#include <gtest/gtest.h>

#include "core/diff_augment.h"
#include "base/errors.h"

namespace cyclegan {
namespace {

AugmentPolicy both() { return parse_augment_policy("translation+cutout"); }

TEST(DiffAugment, ParsesPoliciesAndRefusesUnknownOnes) {
  EXPECT_FALSE(parse_augment_policy("none").any());
  EXPECT_TRUE(parse_augment_policy("translation").translation);
  EXPECT_FALSE(parse_augment_policy("translation").cutout);
  EXPECT_TRUE(both().translation && both().cutout);
  EXPECT_EQ(augment_policy_name(both()), "translation+cutout");
  EXPECT_EQ(augment_policy_name(AugmentPolicy{}), "none");
  EXPECT_THROW(parse_augment_policy("colour"), InputError);
  EXPECT_THROW(parse_augment_policy("translation+"), InputError);
}

TEST(DiffAugment, KeepsTheShapeAndIsTheSameForTheSameSeed) {
  torch::manual_seed(1);
  const torch::Tensor x = torch::rand({4, 3, 32, 32}) * 2 - 1;
  DiffAugment a(both(), 7), b(both(), 7), c(both(), 8);
  const torch::Tensor ya = a(x), yb = b(x), yc = c(x);
  EXPECT_EQ(ya.sizes(), x.sizes());
  EXPECT_TRUE(torch::equal(ya, yb));
  EXPECT_FALSE(torch::equal(ya, yc));
  EXPECT_FALSE(torch::equal(ya, x));
}

TEST(DiffAugment, TranslationMovesPixelsWithoutChangingThem) {
  const torch::Tensor x = torch::arange(1, 1 + 2 * 3 * 16 * 16, torch::kFloat).reshape({2, 3, 16, 16});
  DiffAugment shift(parse_augment_policy("translation"), 3);
  const torch::Tensor y = shift(x);
  // Every value is either the zero fill or one of the input's values: a pure shift.
  const torch::Tensor nonzero = y.masked_select(y != 0);
  EXPECT_TRUE(torch::isin(nonzero, x).all().item<bool>());
  // At most 1/8 of the side moves out in each direction.
  EXPECT_GE((y != 0).sum().item<int64_t>(), 2 * 3 * 14 * 14);
}

TEST(DiffAugment, CutoutBlanksAtMostAQuarterOfEachImage) {
  const torch::Tensor x = torch::ones({3, 3, 16, 16});
  DiffAugment cut(parse_augment_policy("cutout"), 5);
  const torch::Tensor y = cut(x);
  for (int i = 0; i < 3; ++i) {
    const int64_t blank = (y[i][0] == 0).sum().item<int64_t>();
    EXPECT_LE(blank, 8 * 8);
    EXPECT_TRUE(torch::equal(y[i][0], y[i][1]));  // the same square in every channel
  }
}

TEST(DiffAugment, GradientsFlowBackToTheImages) {
  torch::Tensor x = torch::rand({2, 3, 16, 16}).requires_grad_(true);
  DiffAugment aug(both(), 11);
  aug(x).sum().backward();
  ASSERT_TRUE(x.grad().defined());
  EXPECT_GT(x.grad().sum().item<double>(), 0);
}

}  // namespace
}  // namespace cyclegan
