#include "core/cyclegan_step.h"

#include <stdexcept>

#include "core/texture_statistics.h"

namespace cyclegan {

std::vector<std::pair<std::string, double>> StepLosses::named() const {
  // Official order: loss_names = ['D_A', 'G_A', 'cycle_A', 'idt_A', 'D_B', 'G_B', 'cycle_B', 'idt_B']
  return {{"D_A", d_a}, {"G_A", g_a}, {"cycle_A", cycle_a}, {"idt_A", idt_a},
          {"D_B", d_b}, {"G_B", g_b}, {"cycle_B", cycle_b}, {"idt_B", idt_b}};
}

void set_requires_grad(Network& net, bool flag) {
  for (auto& p : net.parameters()) p.set_requires_grad(flag);
}

namespace {

// Official backward_D_basic: 0.5 * (GAN(D(real), true) + GAN(D(fake.detach()), false)).
torch::Tensor discriminator_loss(Network& d, const torch::Tensor& real, const torch::Tensor& fake,
                                 GanMode mode, DiffAugment* augment) {
  const torch::Tensor seen_real = augment ? (*augment)(real) : real;
  const torch::Tensor seen_fake = augment ? (*augment)(fake.detach()) : fake.detach();
  torch::Tensor loss = 0.5 * (gan_loss(mode, d.forward(seen_real), true) +
                              gan_loss(mode, d.forward(seen_fake), false));
  // WGAN-GP's penalty (the official CycleGAN model leaves it out; see gan_loss.h).
  if (mode == GanMode::WGANGP) loss = loss + gradient_penalty(d, real, fake);
  return loss;
}

// Per-channel means and 3x3 covariance of all pixels of a N x 3 x H x W batch, concatenated (12).
torch::Tensor colour_statistics(const torch::Tensor& x) {
  const torch::Tensor pixels = x.transpose(0, 1).reshape({x.size(1), -1});  // C x (N*H*W)
  const torch::Tensor mean = pixels.mean(1, /*keepdim=*/true);
  const torch::Tensor centred = pixels - mean;
  const torch::Tensor covariance = centred.matmul(centred.t()) / pixels.size(1);
  return torch::cat({mean.flatten(), covariance.flatten()});
}

torch::Tensor colour_statistics_loss(const torch::Tensor& fake, const torch::Tensor& real) {
  return torch::l1_loss(colour_statistics(fake), colour_statistics(real).detach(), at::Reduction::Sum);
}

// What the cycle's second generator reads: the fake, plus LossWeights::cycle_noise (drawn from
// torch's default generator, so a resumed run draws what an uninterrupted one would), with its
// gradient to the fake's maker scaled by LossWeights::cycle_grad_first.
torch::Tensor cycle_input(const torch::Tensor& fake, const LossWeights& w) {
  torch::Tensor x = fake;
  if (w.cycle_grad_first < 1) {
    const torch::Tensor held = fake.detach();
    x = w.cycle_grad_first > 0 ? held + w.cycle_grad_first * (fake - held) : held;
  }
  if (w.cycle_noise > 0) x = x + w.cycle_noise * torch::randn_like(fake);
  return x;
}

// zero_grad(set_to_none): the next backward then writes each gradient instead of adding it
// to zeros, saving a fill and an add over every parameter (same values: 0 + g == g).
void clear_gradients(torch::optim::Optimizer& optimizer) {
  for (auto& group : optimizer.param_groups())
    for (auto& p : group.params()) p.mutable_grad().reset();
}

}  // namespace

StepLosses cyclegan_step(CycleGanNets& nets, torch::optim::Optimizer& optimizer_g,
                         torch::optim::Optimizer& optimizer_d, ImagePool& fake_b_pool,
                         ImagePool& fake_a_pool, const torch::Tensor& real_a,
                         const torch::Tensor& real_b, const LossWeights& w, DiffAugment* augment,
                         const StartMaps* start, const BeforeStep& before_step) {
  Network& G = *nets.g;
  Network& F = *nets.f;
  Network& D_A = *nets.d_a;
  Network& D_B = *nets.d_b;
  StepLosses out;

  // forward()
  torch::Tensor fake_b = G.forward(real_a);
  torch::Tensor rec_a = F.forward(cycle_input(fake_b, w));
  torch::Tensor fake_a = F.forward(real_b);
  torch::Tensor rec_b = G.forward(cycle_input(fake_a, w));

  // Generators: D frozen so its weights get no gradient (and autograd skips their work).
  const bool features = nets.d_a_features && nets.d_b_features;
  auto freeze_discriminators = [&](bool frozen) {
    set_requires_grad(D_A, !frozen);
    set_requires_grad(D_B, !frozen);
    if (features) {
      set_requires_grad(*nets.d_a_features, !frozen);
      set_requires_grad(*nets.d_b_features, !frozen);
    }
  };
  freeze_discriminators(true);
  clear_gradients(optimizer_g);
  torch::Tensor loss_idt_a = torch::zeros({}, real_a.options());
  torch::Tensor loss_idt_b = torch::zeros({}, real_a.options());
  if (w.lambda_identity > 0) {
    // G should leave B images alone, F should leave A images alone (paper section 5.2).
    loss_idt_a = torch::l1_loss(G.forward(real_b), real_b) * w.lambda_b * w.lambda_identity;
    loss_idt_b = torch::l1_loss(F.forward(real_a), real_a) * w.lambda_a * w.lambda_identity;
  }
  const DirectionShares g_shares = start ? start->g.shares : DirectionShares{};
  const DirectionShares f_shares = start ? start->f.shares : DirectionShares{};
  const torch::Tensor seen_fake_b = augment ? (*augment)(fake_b) : fake_b;
  const torch::Tensor seen_fake_a = augment ? (*augment)(fake_a) : fake_a;
  torch::Tensor loss_g_a = gan_loss(w.gan_mode, D_A.forward(seen_fake_b), true);
  torch::Tensor loss_g_b = gan_loss(w.gan_mode, D_B.forward(seen_fake_a), true);
  torch::Tensor adversarial_g_a = loss_g_a, adversarial_g_b = loss_g_b;
  if (features) {
    adversarial_g_a = adversarial_g_a + w.lambda_features * gan_loss(w.gan_mode, nets.d_a_features->forward(seen_fake_b), true);
    adversarial_g_b = adversarial_g_b + w.lambda_features * gan_loss(w.gan_mode, nets.d_b_features->forward(seen_fake_a), true);
  }
  torch::Tensor loss_cycle_a = torch::l1_loss(rec_a, real_a) * w.lambda_a * g_shares.cycle;
  torch::Tensor loss_cycle_b = torch::l1_loss(rec_b, real_b) * w.lambda_b * f_shares.cycle;
  // The adversarial shares weigh the losses, not their logged values, which the learning check
  // compares with D's.
  torch::Tensor loss_g = adversarial_g_a * g_shares.adversarial + adversarial_g_b * f_shares.adversarial + loss_cycle_a +
                         loss_cycle_b + loss_idt_a + loss_idt_b;
  if (w.lambda_colour_stats > 0)
    loss_g = loss_g + w.lambda_colour_stats * (colour_statistics_loss(fake_b, real_b) +
                                               colour_statistics_loss(fake_a, real_a));
  if (w.lambda_texture_stats > 0 && start) {
    if (start->g.texture_gain.defined())
      loss_g = loss_g + w.lambda_texture_stats * texture_change_loss(fake_b, real_a, start->g.texture_gain);
    if (start->f.texture_gain.defined())
      loss_g = loss_g + w.lambda_texture_stats * texture_change_loss(fake_a, real_b, start->f.texture_gain);
  }
  if (w.lambda_start > 0 && start && start->g.map.defined()) {
    // The targets are fixed maps of the inputs: no gradient flows into them.
    loss_g = loss_g +
             start_anchor_loss(fake_b, apply_colour_map(start->g.map, real_a), w.start_pool) * w.lambda_a * w.lambda_start * g_shares.hold +
             start_anchor_loss(fake_a, apply_colour_map(start->f.map, real_b), w.start_pool) * w.lambda_b * w.lambda_start * f_shares.hold;
  }
  loss_g.backward();
  if (before_step) before_step(optimizer_g);
  optimizer_g.step();

  // Discriminators, on fakes drawn through the history pools.
  freeze_discriminators(false);
  clear_gradients(optimizer_d);
  // A domain's PatchGAN and its feature discriminator judge the same pooled fakes, one backward
  // for both; the PatchGAN's loss is the one logged.
  auto update = [&](Network& d, Network* on_features, const torch::Tensor& real, const torch::Tensor& fake) {
    torch::Tensor loss = discriminator_loss(d, real, fake, w.gan_mode, augment);
    if (on_features) (discriminator_loss(*on_features, real, fake, w.gan_mode, augment) + loss).backward();
    else loss.backward();
    return loss;
  };
  torch::Tensor loss_d_a = update(D_A, features ? nets.d_a_features.get() : nullptr, real_b, fake_b_pool.query(fake_b));
  torch::Tensor loss_d_b = update(D_B, features ? nets.d_b_features.get() : nullptr, real_a, fake_a_pool.query(fake_a));
  if (before_step) before_step(optimizer_d);
  optimizer_d.step();

  out.d_a = loss_d_a.item<double>();
  out.g_a = loss_g_a.item<double>();
  out.cycle_a = loss_cycle_a.item<double>();
  out.idt_a = loss_idt_a.item<double>();
  out.d_b = loss_d_b.item<double>();
  out.g_b = loss_g_b.item<double>();
  out.cycle_b = loss_cycle_b.item<double>();
  out.idt_b = loss_idt_b.item<double>();
  return out;
}

torch::Tensor apply_colour_map(const torch::Tensor& map, const torch::Tensor& images) {
  const torch::Tensor m = map.to(images.options());
  return (torch::einsum("oc,nchw->nohw", {m.slice(1, 0, 3), images}) + m.select(1, 3).view({1, -1, 1, 1}))
      .clamp(-1, 1);
}

torch::Tensor start_anchor_loss(const torch::Tensor& fake, const torch::Tensor& start, int pool) {
  if (pool <= 1) return torch::l1_loss(fake, start);
  auto regions = [pool](const torch::Tensor& x) {
    return torch::avg_pool2d(x, pool, pool, 0, /*ceil_mode=*/true, /*count_include_pad=*/false);
  };
  return torch::l1_loss(regions(fake), regions(start));
}

}  // namespace cyclegan
