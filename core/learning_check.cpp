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
  const bool from_colour_start = c.beyond_start_a_to_b >= 0 && c.beyond_start_b_to_a >= 0;
  const bool only_colour_start = from_colour_start && c.beyond_start_a_to_b < kBarelyChanges &&
                                 c.beyond_start_b_to_a < kBarelyChanges;
  // Whole sentences, each a format of its own, so a translation never has to glue parts.
  auto say = [&v](const char* format, std::vector<std::string> args = {}) {
    v.sentences.push_back({format, std::move(args)});
  };
  auto say_changes = [&] {
    if (!measured) return;
    if (from_colour_start)
      say(CYCLEGAN_MESSAGE("G changes images by %1$s/255 on average, F by %2$s/255 (%3$s and %4$s beyond the colour "
                           "transfer they started as)."),
          {fixed(c.change_a_to_b, 1), fixed(c.change_b_to_a, 1), fixed(c.beyond_start_a_to_b, 1),
           fixed(c.beyond_start_b_to_a, 1)});
    else
      say(CYCLEGAN_MESSAGE("G changes images by %1$s/255 on average, F by %2$s/255."),
          {fixed(c.change_a_to_b, 1), fixed(c.change_b_to_a, 1)});
  };
  if (g_idle && f_idle) {
    v.learned = false;
    if (won_a || won_b)
      say(CYCLEGAN_MESSAGE("The model learned almost nothing: both directions return images almost as they were, "
                           "and the discriminators won outright."));
    else
      say(CYCLEGAN_MESSAGE("The model learned almost nothing: both directions return images almost as they were."));
    say_changes();
    if (c.at_pass_limit)
      say(CYCLEGAN_MESSAGE("Give each side more (and more varied) images, or try another preset."));
    else
      say(CYCLEGAN_MESSAGE("Train longer, give each side more (and more varied) images, or try another preset."));
  } else if (g_idle || f_idle) {
    v.learned = false;
    if (g_idle)
      say(CYCLEGAN_MESSAGE("Only one direction learned: G returns images almost as they were."));
    else
      say(CYCLEGAN_MESSAGE("Only one direction learned: F returns images almost as they were."));
    say_changes();
    if (c.at_pass_limit)
      say(CYCLEGAN_MESSAGE("Give each side more images."));
    else
      say(CYCLEGAN_MESSAGE("Train longer or give each side more images."));
  } else if (won_a && won_b) {
    // The generators do change images (a colour look is often all a pair needs), but D gives them
    // no direction any more: more of the same training will not improve them.
    v.caution = true;
    say_changes();
    say(CYCLEGAN_MESSAGE("The discriminators won outright (D_A loss %1$s, D_B %2$s), so more minutes will add "
                         "little: give each side more (and more varied) images, or train again with another seed "
                         "or preset."),
        {fixed(c.d_a, 3), fixed(c.d_b, 3)});
  } else if (only_colour_start) {
    v.caution = true;
    say_changes();
    if (c.at_pass_limit)
      say(CYCLEGAN_MESSAGE("The model applies the colour transfer between the two sets and has not learned more. "
                           "For textures or local changes, give each side more images."));
    else
      say(CYCLEGAN_MESSAGE("The model applies the colour transfer between the two sets and has not learned more "
                           "yet. For textures or local changes, train longer or give each side more images."));
  } else {
    say_changes();
  }
  // Not a fault of the run: no unpaired signal says which colour a sepia or gray pixel had, so the
  // user learns why that direction's colours are muted before judging the model by them.
  if (c.guessed_colour_gain_a_to_b > 0)
    say(CYCLEGAN_MESSAGE("A carries little of the colour B has (it would have to be amplified %1$s times), so G "
                         "can only guess it and gives muted colours."),
        {fixed(c.guessed_colour_gain_a_to_b, 1)});
  if (c.guessed_colour_gain_b_to_a > 0)
    say(CYCLEGAN_MESSAGE("B carries little of the colour A has (it would have to be amplified %1$s times), so F "
                         "can only guess it and gives muted colours."),
        {fixed(c.guessed_colour_gain_b_to_a, 1)});
  return v;
}

}  // namespace cyclegan
