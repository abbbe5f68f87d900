// The adversarial losses of the official code (models/networks.py: GANLoss and
// cal_gradient_penalty), on a discriminator's raw output (a PatchGAN map of logits/scores).
#pragma once

#include <torch/torch.h>

#include "core/gan_mode.h"

namespace cyclegan {

class Network;

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
