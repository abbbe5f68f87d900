#include "models/instance_norm.h"

#include <string>

#include "core/errors.h"

namespace cyclegan {

namespace {

// torch.nn.InstanceNorm2d's default epsilon.
constexpr double kEps = 1e-5;

}  // namespace

torch::Tensor InstanceNormImpl::forward(torch::Tensor x) {
  const NormStats::Mode mode = stats_ ? stats_->mode : NormStats::Mode::Off;
  if (mode == NormStats::Mode::Off) {
    // The fused ATen kernel: same maths as below, faster and lighter in autograd.
    return torch::instance_norm(x, {}, {}, {}, {}, /*use_input_stats=*/true, /*momentum=*/0.0,
                                kEps, /*cudnn_enabled=*/false);
  }
  torch::Tensor mean;
  torch::Tensor var;
  if (mode == NormStats::Mode::Record) {
    mean = x.mean({2, 3}, /*keepdim=*/true);
    var = (x - mean).pow(2).mean({2, 3}, /*keepdim=*/true);  // biased, as torch
    stats_->mean_var.emplace_back(mean, var);
  } else {
    if (stats_->next >= stats_->mean_var.size()) {
      throw Error("Instance-norm statistics ran out during replay (" +
                  std::to_string(stats_->mean_var.size()) +
                  " recorded): record them with the same network first.");
    }
    const auto& stored = stats_->mean_var[stats_->next++];
    mean = stored.first;
    var = stored.second;
    if (mean.dim() != 4 || mean.size(0) != x.size(0) || mean.size(1) != x.size(1)) {
      throw Error("Replayed instance-norm statistics do not fit the layer's input " +
                  std::to_string(x.size(0)) + "x" + std::to_string(x.size(1)) +
                  " (batch x channels): record them on the same batch size and network.");
    }
  }
  return (x - mean) * torch::rsqrt(var + kEps);
}

void attach_norm_stats(torch::nn::Module& net, std::shared_ptr<NormStats> stats) {
  for (const auto& module : net.modules(/*include_self=*/true)) {
    if (auto* norm = dynamic_cast<InstanceNormImpl*>(module.get())) norm->set_stats(stats);
  }
}

}  // namespace cyclegan
