// The adversarial losses of the official code (models/networks.py: GANLoss and
// cal_gradient_penalty), on a discriminator's raw output (a PatchGAN map of logits/scores).
#pragma once

#include <string>

#include <torch/torch.h>

namespace cyclegan {

class Network;

enum class GanMode {
  LSGAN,    // official default: MSE of the prediction to 1 (real) or 0 (fake)
  Vanilla,  // BCEWithLogits to 1 / 0 (the original GAN objective)
  WGANGP,   // -mean(prediction) for real, +mean for fake; add gradient_penalty() to D's loss
};

// "lsgan", "vanilla", "wgangp" (the official --gan_mode names). Throws InputError otherwise.
GanMode parse_gan_mode(const std::string& name);
const char* gan_mode_name(GanMode mode);

// GANLoss(mode)(prediction, target_is_real): a scalar tensor.
torch::Tensor gan_loss(GanMode mode, const torch::Tensor& prediction, bool target_is_real);

// Official cal_gradient_penalty(netD, real, fake, device, type='mixed', constant=1.0,
// lambda_gp=10.0): lambda_gp * mean over the batch of (|dD(x)/dx|_2 - constant)^2, with x a
// per-sample random mix alpha*real + (1-alpha)*fake (alpha from torch's generator, so resume
// restores it). Built with create_graph so it can be back-propagated into D.
// The official CycleGAN model never calls it (its wgangp mode is WGAN without penalty); we add
// it to D's loss in wgangp mode, as WGAN-GP intends.
torch::Tensor gradient_penalty(Network& discriminator, const torch::Tensor& real,
                               const torch::Tensor& fake, double constant = 1.0,
                               double lambda_gp = 10.0);

}  // namespace cyclegan
