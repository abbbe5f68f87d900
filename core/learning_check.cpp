#include "core/learning_check.h"

#include <cctype>
#include <cstdio>

namespace cyclegan {

namespace {

std::string fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// Outright wins only mean something for the losses whose scale is fixed: LSGAN's D loss is
// 0.25 when D cannot tell, 0 when it is always right, and G's adversarial loss then 1.
bool discriminator_won(double d, double g, GanMode mode) {
  if (d < 0 || g < 0) return false;
  if (mode == GanMode::LSGAN) return d < 0.03 && g > 0.75;
  if (mode == GanMode::Vanilla) return d < 0.05 && g > 3.0;
  return false;
}

}  // namespace

LearningVerdict judge_learning(const LearningCheck& c) {
  LearningVerdict v;
  const bool measured = c.change_a_to_b >= 0 && c.change_b_to_a >= 0;
  const bool g_idle = c.change_a_to_b >= 0 && c.change_a_to_b < kBarelyChanges;
  const bool f_idle = c.change_b_to_a >= 0 && c.change_b_to_a < kBarelyChanges;
  const bool won_a = discriminator_won(c.d_a, c.g_a, c.gan_mode);
  const bool won_b = discriminator_won(c.d_b, c.g_b, c.gan_mode);
  const bool from_colour_start = c.beyond_start_a_to_b >= 0 && c.beyond_start_b_to_a >= 0;
  const bool only_colour_start = from_colour_start && c.beyond_start_a_to_b < kBarelyChanges &&
                                 c.beyond_start_b_to_a < kBarelyChanges;
  std::string changes;
  if (measured) {
    changes = "G changes images by " + fixed(c.change_a_to_b, 1) + "/255 on average, F by " +
              fixed(c.change_b_to_a, 1) + "/255";
    if (from_colour_start)
      changes += " (" + fixed(c.beyond_start_a_to_b, 1) + " and " + fixed(c.beyond_start_b_to_a, 1) +
                 " beyond the colour transfer they started as)";
  }
  const std::string d_won = "the discriminators won outright (D_A loss " + fixed(c.d_a, 3) + ", D_B " +
                            fixed(c.d_b, 3) + ")";
  if (g_idle && f_idle) {
    v.learned = false;
    v.summary = "The model learned almost nothing: " + changes + ", so both directions return the image almost as "
                "it was" + std::string(won_a || won_b ? ", and the discriminators won outright" : "") +
                ". Train longer, give each side more (and more varied) images, or try another preset.";
  } else if (g_idle || f_idle) {
    v.learned = false;
    v.summary = std::string("Only one direction learned: ") + changes + "; " + (g_idle ? "G" : "F") +
                " returns images almost as they were. Train longer or give each side more images.";
  } else if (won_a && won_b) {
    // The generators do change images (a colour look is often all a pair needs), but D gives them
    // no direction any more: more of the same training will not improve them.
    v.caution = true;
    v.summary = (measured ? changes + ", but " : std::string()) + d_won +
                ", so more minutes will add little: give each side more (and more varied) images, or train "
                "again with another seed or preset.";
  } else if (only_colour_start) {
    v.caution = true;
    v.summary = changes + ": the model applies the colour transfer between the two sets and has not learned "
                "more yet. For textures or local changes, train longer or give each side more images.";
  } else if (measured) {
    v.summary = changes + ".";
  }
  if (!v.summary.empty()) v.summary[0] = char(std::toupper(static_cast<unsigned char>(v.summary[0])));
  return v;
}

}  // namespace cyclegan
