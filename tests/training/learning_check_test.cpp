// The verdict a user gets about what a finished model learned.
#include <gtest/gtest.h>

#include "core/learning_check.h"

namespace cyclegan {
namespace {

// How much G and F change images and, when G and F started as a colour transfer, how much beyond it.
LearningCheck changes(double g, double f, double beyond_g = -1, double beyond_f = -1) {
  LearningCheck c;
  c.change_a_to_b = g;
  c.change_b_to_a = f;
  c.beyond_start_a_to_b = beyond_g;
  c.beyond_start_b_to_a = beyond_f;
  return c;
}

// Recent losses, the same for both sides: the discriminators' and the generators' adversarial one.
void set_losses(LearningCheck& c, double d, double g) {
  c.d_a = c.d_b = d;
  c.g_a = c.g_b = g;
}

TEST(LearningCheck, AnIdentityModelIsCalledOutWithWhatToTry) {
  LearningCheck c = changes(0.15, 0.26);
  set_losses(c, 0.002, 0.98);
  c.g_b = 0.99;
  const LearningVerdict v = judge_learning(c);
  const std::string text = english(v.sentences);
  EXPECT_FALSE(v.learned);
  EXPECT_NE(text.find("learned almost nothing"), std::string::npos) << text;
  EXPECT_NE(text.find("F by 0.3/255"), std::string::npos) << text;
  EXPECT_NE(text.find("discriminators won"), std::string::npos) << text;
  EXPECT_NE(text.find("Train longer"), std::string::npos) << text;
}

// A run that a small set's pass limit ended cannot be trained longer on the same images: every
// verdict that would say "train longer" asks for more images instead.
TEST(LearningCheck, ARunAtItsPassLimitIsNeverToldToTrainLonger) {
  LearningCheck idle = changes(0.15, 0.26);
  LearningCheck one_idle = changes(20, 0.4);
  LearningCheck colour_only = changes(25, 20, 0.8, 1.1);
  for (LearningCheck* c : {&idle, &one_idle, &colour_only}) {
    EXPECT_NE(english(judge_learning(*c).sentences).find("rain longer"), std::string::npos);
    c->at_pass_limit = true;
    const std::string text = english(judge_learning(*c).sentences);
    EXPECT_EQ(text.find("rain longer"), std::string::npos) << text;
    EXPECT_EQ(text.find(" yet"), std::string::npos) << text;
    EXPECT_NE(text.find("ive each side more"), std::string::npos) << text;
  }
}

TEST(LearningCheck, OneIdleDirectionIsNamed) {
  const LearningCheck c = changes(20, 0.4);
  const LearningVerdict v = judge_learning(c);
  const std::string text = english(v.sentences);
  EXPECT_FALSE(v.learned);
  EXPECT_NE(text.find("F returns images almost as they were"), std::string::npos) << text;
}

TEST(LearningCheck, DiscriminatorsThatWonOutrightAreReportedButAWorkingModelIsNotCalledUseless) {
  LearningCheck c = changes(12, 9);
  set_losses(c, 0.01, 0.9);
  const LearningVerdict v = judge_learning(c);
  const std::string text = english(v.sentences);
  EXPECT_TRUE(v.learned);
  EXPECT_TRUE(v.caution);
  EXPECT_EQ(text.rfind("G changes images by 12.0/255", 0), 0u) << text;
  EXPECT_NE(text.find("discriminators won outright (D_A loss 0.010"), std::string::npos) << text;
  EXPECT_NE(text.find("more (and more varied) images"), std::string::npos) << text;
}

TEST(LearningCheck, AModelThatOnlyAppliesItsColourTransferStartSaysSo) {
  const LearningCheck c = changes(25, 20, 0.8, 1.1);
  const LearningVerdict v = judge_learning(c);
  const std::string text = english(v.sentences);
  EXPECT_TRUE(v.learned);
  EXPECT_TRUE(v.caution);
  EXPECT_NE(text.find("(0.8 and 1.1 beyond the colour transfer they started as)"), std::string::npos) << text;
  EXPECT_NE(text.find("has not learned more yet"), std::string::npos) << text;
}

TEST(LearningCheck, AModelThatMovedPastItsColourTransferStartPasses) {
  LearningCheck c = changes(25, 20, 6.5, 0.9);  // one direction past the start is learning
  set_losses(c, 0.2, 0.4);
  const LearningVerdict v = judge_learning(c);
  const std::string text = english(v.sentences);
  EXPECT_TRUE(v.learned);
  EXPECT_FALSE(v.caution);
  EXPECT_EQ(text,
            "G changes images by 25.0/255 on average, F by 20.0/255 (6.5 and 0.9 beyond the colour transfer "
            "they started as).");
}

TEST(LearningCheck, AModelThatChangesImagesWhileDStillJudgesPasses) {
  LearningCheck c = changes(18.4, 16.0);
  set_losses(c, 0.2, 0.4);
  c.d_b = 0.18;
  c.g_b = 0.45;
  const LearningVerdict v = judge_learning(c);
  const std::string text = english(v.sentences);
  EXPECT_TRUE(v.learned);
  EXPECT_FALSE(v.caution);
  EXPECT_EQ(text, "G changes images by 18.4/255 on average, F by 16.0/255.");
}

// A way back from sepia or gray has to guess colour: the user is told why its colours are muted,
// for the direction concerned only, and a working model is not called a failure for it.
TEST(LearningCheck, ADirectionThatCanOnlyGuessColourIsNamed) {
  LearningCheck c = changes(18.4, 16.0);
  set_losses(c, 0.2, 0.4);
  c.guessed_colour_gain_b_to_a = 6.98;
  const LearningVerdict v = judge_learning(c);
  const std::string text = english(v.sentences);
  EXPECT_TRUE(v.learned);
  EXPECT_FALSE(v.caution);
  EXPECT_NE(text.find("B carries little of the colour A has (it would have to be amplified 7.0 times), so F can "
                      "only guess it"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("so G can only guess"), std::string::npos) << text;
}

TEST(LearningCheck, RecentMeanStartsAtTheFirstValueAndFollows) {
  RecentMean m(0.5);
  EXPECT_LT(m.value(), 0);
  m.add(4);
  EXPECT_DOUBLE_EQ(m.value(), 4);
  m.add(2);
  EXPECT_DOUBLE_EQ(m.value(), 3);
}

}  // namespace
}  // namespace cyclegan
