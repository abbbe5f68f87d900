// Which adversarial loss a run uses (the official --gan_mode). Kept apart from the losses
// themselves (gan_loss.h) so that code which only names the mode needs no LibTorch.
#pragma once

#include <string>

namespace cyclegan {

enum class GanMode {
  LSGAN,    // official default: MSE of the prediction to 1 (real) or 0 (fake)
  Vanilla,  // BCEWithLogits to 1 / 0 (the original GAN objective)
  WGANGP,   // -mean(prediction) for real, +mean for fake; add gradient_penalty() to D's loss
};

// "lsgan", "vanilla", "wgangp" (the official --gan_mode names). Throws InputError otherwise.
GanMode parse_gan_mode(const std::string& name);
const char* gan_mode_name(GanMode mode);

}  // namespace cyclegan
