// The official 'linear' policy at every epoch of the default 100 + 100 run, and the budget form.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/lr_schedule.h"

namespace cyclegan {
namespace {

TEST(LrSchedule, OfficialFormulaAtEveryStep) {
  for (int64_t e = 0; e <= 250; ++e) {
    const double expected = 1.0 - std::max<int64_t>(0, e + 1 - 100) / 101.0;
    EXPECT_DOUBLE_EQ(official_linear_factor(e, 1, 100, 100), expected) << e;
  }
  // epoch_count shifts the schedule (a resumed official run passes --epoch_count).
  EXPECT_DOUBLE_EQ(official_linear_factor(0, 151, 100, 100), 1.0 - 51 / 101.0);
}

TEST(LrSchedule, PaperRunTrainsEachEpochAtTheRateOfTheStepsTakenBefore) {
  const LinearSchedule s = LinearSchedule::per_epoch(100, 100);
  for (int64_t epoch = 1; epoch <= 200; ++epoch) {
    const double expected = 1.0 - std::max<int64_t>(0, (epoch - 1) + 1 - 100) / 101.0;
    EXPECT_DOUBLE_EQ(s.factor(epoch, 0, 0), expected) << epoch;
  }
  EXPECT_DOUBLE_EQ(s.factor(1, 0, 0), 1.0);
  EXPECT_DOUBLE_EQ(s.factor(100, 0, 0), 1.0);
  EXPECT_DOUBLE_EQ(s.factor(101, 0, 0), 100.0 / 101.0);
  EXPECT_NEAR(s.factor(200, 0, 0), 1.0 / 101.0, 1e-15);
  // Iterations and time do not matter for the per-epoch schedule.
  EXPECT_DOUBLE_EQ(s.factor(150, 123456, 1e6), s.factor(150, 0, 0));
}

TEST(LrSchedule, BudgetShapeKeepsThenDecaysToZero) {
  EXPECT_DOUBLE_EQ(budget_linear_factor(0.0), 1.0);
  EXPECT_DOUBLE_EQ(budget_linear_factor(0.49), 1.0);
  EXPECT_DOUBLE_EQ(budget_linear_factor(0.5), 1.0);
  EXPECT_DOUBLE_EQ(budget_linear_factor(0.75), 0.5);
  EXPECT_DOUBLE_EQ(budget_linear_factor(1.0), 0.0);
  EXPECT_DOUBLE_EQ(budget_linear_factor(1.5), 0.0);
  EXPECT_DOUBLE_EQ(budget_linear_factor(0.6, 0.2), 0.5);
}

TEST(LrSchedule, IterationBudgetDecayEndsAtTheBudget) {
  const LinearSchedule s = LinearSchedule::per_budget(1000, 0);
  for (int64_t i = 0; i <= 1000; i += 10) EXPECT_DOUBLE_EQ(s.factor(1, i, 1e9), budget_linear_factor(i / 1000.0));
}

TEST(LrSchedule, TimeBudgetUsesTheFractionOfMinutesSpent) {
  const LinearSchedule s = LinearSchedule::per_budget(0, 600);
  EXPECT_DOUBLE_EQ(s.factor(1, 5, 150), 1.0);
  EXPECT_DOUBLE_EQ(s.factor(1, 5, 450), 0.5);
  EXPECT_DOUBLE_EQ(s.factor(1, 5, 600), 0.0);
}

TEST(LrSchedule, BothBudgetsTheOneFurtherAlongWins) {
  const LinearSchedule s = LinearSchedule::per_budget(100, 600);
  EXPECT_DOUBLE_EQ(s.factor(1, 75, 60), 0.5);   // iterations at 75 %
  EXPECT_DOUBLE_EQ(s.factor(1, 10, 450), 0.5);  // minutes at 75 %
  EXPECT_DOUBLE_EQ(LinearSchedule::per_budget(0, 0).factor(9, 1000, 1000), 1.0);
}

TEST(LrSchedule, ProgressIsTheBudgetFractionOrTheEpochsDone) {
  const LinearSchedule b = LinearSchedule::per_budget(100, 600);
  EXPECT_DOUBLE_EQ(b.progress(1, 25, 60), 0.25);
  EXPECT_DOUBLE_EQ(b.progress(1, 10, 450), 0.75);
  const LinearSchedule e = LinearSchedule::per_epoch(3, 1);
  EXPECT_DOUBLE_EQ(e.progress(1, 999, 999), 0.0);  // epoch 1 in progress: nothing completed
  EXPECT_DOUBLE_EQ(e.progress(3, 0, 0), 0.5);
  EXPECT_DOUBLE_EQ(LinearSchedule::per_budget(0, 0).progress(9, 1000, 1000), 0.0);
}

}  // namespace
}  // namespace cyclegan
