#include "core/learning_check.h"

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
  const std::string changes = measured ? "G changes images by " + fixed(c.change_a_to_b, 1) + "/255 on average, F by " +
                                             fixed(c.change_b_to_a, 1) + "/255"
                                       : "";
  if (g_idle && f_idle) {
    v.learned = false;
    v.summary = "The model learned almost nothing: " + changes + ", so both directions return the image almost as "
                "it was" + std::string(won_a || won_b ? ", and the discriminators won outright" : "") +
                ". Train longer, give each side more (and more varied) images, or try another preset.";
  } else if (g_idle || f_idle) {
    v.learned = false;
    v.summary = std::string("Only one direction learned: ") + changes + "; " + (g_idle ? "G" : "F") +
                " returns images almost as they were. Train longer or give each side more images.";
  } else if ((won_a && won_b)) {
    v.learned = false;
    v.summary = "The discriminators won outright (D_A loss " + fixed(c.d_a, 3) + ", D_B " + fixed(c.d_b, 3) +
                "), so the generators stopped improving" + (measured ? " (" + changes + ")" : std::string()) +
                ". Give each side more images, or train again with another seed or preset.";
  } else if (measured) {
    v.summary = changes + ".";
    v.summary[0] = 'G';
  }
  return v;
}

}  // namespace cyclegan
