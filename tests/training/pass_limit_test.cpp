// Which budgets the limit on passes over a small set lowers, and which it leaves as asked.
#include <gtest/gtest.h>

#include "core/pass_limit.h"

namespace cyclegan {
namespace {

TEST(PassLimit, LowersAnIterationOrTimeBudgetBeyondItOnly) {
  // 500 passes of 5 iterations: 2,500 iterations.
  EXPECT_EQ(apply_pass_limit(10000, false, false, 500, 5).iterations, 2500);
  EXPECT_TRUE(apply_pass_limit(10000, false, false, 500, 5).limited);
  EXPECT_EQ(apply_pass_limit(2000, false, false, 500, 5).iterations, 2000);
  EXPECT_FALSE(apply_pass_limit(2000, false, false, 500, 5).limited);
  // Minutes alone bound nothing in iterations: the limit becomes the run's iteration budget.
  EXPECT_EQ(apply_pass_limit(0, true, false, 500, 5).iterations, 2500);
  EXPECT_TRUE(apply_pass_limit(0, true, false, 500, 5).limited);
}

TEST(PassLimit, KeepsEpochsAndRunsWithoutALimit) {
  EXPECT_FALSE(apply_pass_limit(10000, false, true, 500, 5).limited);    // --epochs asked: kept
  EXPECT_FALSE(apply_pass_limit(10000, false, false, 0, 5).limited);     // max_passes=0: no limit
  EXPECT_EQ(apply_pass_limit(0, false, true, 500, 5).iterations, 0);     // epochs only: no iteration budget
}

TEST(PassLimit, TheSentenceNamesThePassesAndTheImages) {
  const std::string said = english({pass_limit_sentence(500, 20)});
  EXPECT_NE(said.find("after 500 passes over the 20 images"), std::string::npos) << said;
}

}  // namespace
}  // namespace cyclegan
