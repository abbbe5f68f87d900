// Did a run learn anything a user would see? Measured at every save and at the end of training,
// stored in the model file and shown by `cyclegan train`, `cyclegan info` and the plug-in, so
// that a model that does nothing is never handed over in silence.
//
// Two symptoms, each cheap to measure:
// - the generators barely change images (they start as the exact identity, and stay there when
//   nothing pushes them away);
// - the discriminators won outright: their loss near 0 while the generators' adversarial loss
//   sits near its maximum, so the generators get no useful direction.
// When G and F start as the colour transfer between the two sets (colour_transfer.h) they change
// images from the first iteration, so the change beyond that start is measured too: it tells a
// model that learned from one that still only applies the colour transfer.
#pragma once

#include <string>
#include <vector>

#include "base/errors.h"
#include "core/gan_mode.h"

namespace cyclegan {

struct LearningCheck {
  // Mean |G(a) - a| and |F(b) - b| over a few training images of each domain, in 0-255 units
  // (negative: not measured).
  double change_a_to_b = -1;
  double change_b_to_a = -1;
  // Mean |G(a) - start_G(a)| and |F(b) - start_F(b)|, same units, where G and F started as colour
  // maps other than the identity (negative: they started as the identity, or not measured).
  double beyond_start_a_to_b = -1;
  double beyond_start_b_to_a = -1;
  // Recent averages of the losses (negative: unknown). Official names: D_A judges domain B.
  double d_a = -1, d_b = -1, g_a = -1, g_b = -1;
  GanMode gan_mode = GanMode::LSGAN;
  // How many times a direction would have had to amplify the little colour its source carries
  // (DirectionStart::guessed_colour_gain): positive where its colours can only be guesses, 0 otherwise.
  double guessed_colour_gain_a_to_b = 0;
  double guessed_colour_gain_b_to_a = 0;
  // The run ended at the preset's limit on passes over a small set (TrainPreset::max_passes):
  // training longer on the same images is not advice this run can take, more images are.
  bool at_pass_limit = false;
};

struct LearningVerdict {
  bool learned = true;   // false: G or F (or both) return images almost as they were
  // The model works but something limits it: the discriminators won outright, or training added
  // almost nothing to the colour transfer G and F started as. Shown to the user like !learned.
  bool caution = false;
  // What the user reads, with what to try when !learned or caution: whole sentences whose formats
  // are in the catalog (CYCLEGAN_MESSAGE), so the plug-in can show them in the user's language;
  // english(sentences) is the text the CLI and the model file carry.
  std::vector<Message> sentences;
};

// Below this mean change (0-255) a generator's output is indistinguishable from its input.
constexpr double kBarelyChanges = 1.5;

LearningVerdict judge_learning(const LearningCheck& check);

// Exponential moving average of a loss, started at the first value (no bias towards 0).
class RecentMean {
 public:
  explicit RecentMean(double weight = 0.02) : weight_(weight) {}
  void add(double v) { value_ = value_ < 0 ? v : value_ + weight_ * (v - value_); }
  double value() const { return value_; }

 private:
  double weight_;
  double value_ = -1;
};

}  // namespace cyclegan
