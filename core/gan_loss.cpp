#include "core/gan_loss.h"

#include "base/errors.h"
#include "models/networks.h"

namespace cyclegan {

GanMode parse_gan_mode(const std::string& name) {
  if (name == "lsgan") return GanMode::LSGAN;
  if (name == "vanilla") return GanMode::Vanilla;
  if (name == "wgangp") return GanMode::WGANGP;
  throw InputError("Unknown GAN loss \"" + name + "\"; use lsgan, vanilla or wgangp.");
}

const char* gan_mode_name(GanMode mode) {
  switch (mode) {
    case GanMode::LSGAN: return "lsgan";
    case GanMode::Vanilla: return "vanilla";
    case GanMode::WGANGP: return "wgangp";
  }
  return "?";
}

torch::Tensor gan_loss(GanMode mode, const torch::Tensor& prediction, bool target_is_real) {
  if (mode == GanMode::WGANGP) return target_is_real ? -prediction.mean() : prediction.mean();
  // The official GANLoss expands a 1.0 / 0.0 label to the prediction's shape.
  torch::Tensor target = target_is_real ? torch::ones_like(prediction) : torch::zeros_like(prediction);
  if (mode == GanMode::LSGAN) return torch::mse_loss(prediction, target);
  return torch::binary_cross_entropy_with_logits(prediction, target);
}

torch::Tensor gradient_penalty(Network& discriminator, const torch::Tensor& real,
                               const torch::Tensor& fake, double constant, double lambda_gp) {
  const int64_t n = real.size(0);
  // One alpha per sample, broadcast over C, H, W (official: rand(N, 1) expanded and reshaped).
  torch::Tensor alpha = torch::rand({n, 1, 1, 1}, real.options());
  torch::Tensor mixed = (alpha * real.detach() + (1 - alpha) * fake.detach()).requires_grad_(true);
  torch::Tensor out = discriminator.forward(mixed);
  torch::Tensor grad = torch::autograd::grad({out}, {mixed}, {torch::ones_like(out)},
                                             /*retain_graph=*/true, /*create_graph=*/true)[0];
  grad = grad.reshape({n, -1});
  // The official code adds 1e-16 before the norm so its gradient exists at zero.
  return ((grad + 1e-16).norm(2, /*dim=*/1) - constant).pow(2).mean() * lambda_gp;
}

}  // namespace cyclegan
