// InstanceNorm2d(affine=False, track_running_stats=False) as the official CycleGAN uses it, as
// our own module so that tiled translation can normalise every tile with the statistics of the
// whole image: record them once on a (downscaled) full image, then replay them per tile.
#pragma once

#include <torch/torch.h>

#include <memory>
#include <utility>
#include <vector>

namespace cyclegan {

// Shared by every instance-norm layer of a network (see attach_norm_stats).
struct NormStats {
  enum class Mode { Off, Record, Replay };
  Mode mode = Mode::Off;
  // One (mean, biased var) pair per instance-norm call, in forward order; each [N, C, 1, 1].
  std::vector<std::pair<torch::Tensor, torch::Tensor>> mean_var;
  size_t next = 0;  // Replay: index of the next pair to use
};

class InstanceNormImpl : public torch::nn::Module {
 public:
  explicit InstanceNormImpl(int channels) : channels_(channels) {}
  // Off: normalises with x's own per-(N, C) statistics. Record: the same, and appends them to
  // the shared NormStats. Replay: normalises with the next stored pair (throws Error if they
  // ran out or do not fit x's [N, C]).
  torch::Tensor forward(torch::Tensor x);
  void set_stats(std::shared_ptr<NormStats> stats) { stats_ = std::move(stats); }
  int channels() const { return channels_; }

 private:
  int channels_;
  std::shared_ptr<NormStats> stats_;
};
TORCH_MODULE(InstanceNorm);

// Points every InstanceNorm layer of `net` at `stats` (nullptr: back to plain instance norm).
void attach_norm_stats(torch::nn::Module& net, std::shared_ptr<NormStats> stats);

}  // namespace cyclegan
