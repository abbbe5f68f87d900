// InstanceNorm2d(affine=False, track_running_stats=False) as the official CycleGAN uses it, as
// our own module so that tiled translation can normalise every tile with the statistics of the
// whole image: record them once on a (downscaled) full image, then replay them per tile.
#pragma once

#include <torch/torch.h>

#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace cyclegan {

// torch.nn.InstanceNorm2d's default epsilon.
inline constexpr double kInstanceNormEps = 1e-5;

// Shared by every instance-norm layer of a network (see attach_norm_stats).
struct NormStats {
  // Measure: normalise as Replay up to layer `measure_layer` (forward order), add that layer's
  // moments over `region` to sum/sum_sq, then stop the forward by throwing StopForward:
  // whole-image statistics gathered tile by tile, one layer at a time (core/tiled_translate.cpp).
  enum class Mode { Off, Record, Replay, Measure };
  Mode mode = Mode::Off;
  // One (mean, biased var) pair per instance-norm call, in forward order; each [N, C, 1, 1].
  std::vector<std::pair<torch::Tensor, torch::Tensor>> mean_var;
  size_t next = 0;  // Replay/Measure: index of the next pair to use
  size_t measure_layer = 0;
  // Measure: rows [y0, y1) and columns [x0, x1) of the network input (height x width); a layer
  // whose maps are k times smaller measures [y0/k, y1/k) etc. (bounds must be multiples of k).
  struct Region {
    int64_t y0 = 0, y1 = 0, x0 = 0, x1 = 0, height = 0, width = 0;
  } region;
  // Measure: sums of x and x^2 ([N, C], double) and the number of pixels summed.
  torch::Tensor sum, sum_sq;
  double count = 0;
  // Thrown by the measured layer: the rest of the forward is not needed.
  struct StopForward {};
  // Stores the measured statistics as layer measure_layer's pair (appended if new) and clears
  // the sums.
  void use_measured();
};

class InstanceNormImpl : public torch::nn::Module {
 public:
  explicit InstanceNormImpl(int channels) : channels_(channels) {}
  // Off: normalises with x's own per-(N, C) statistics. Record: the same, and appends them to
  // the shared NormStats. Replay: normalises with the next stored pair (throws Error if they
  // ran out or do not fit x's [N, C]).
  torch::Tensor forward(torch::Tensor x);
  // The (mean, biased var) pair, each [N, C, 1, 1], this layer normalises x [N, C * groups,
  // …] with: in Replay/Measure mode the next stored pair, otherwise moments(x) (x's own
  // statistics), appended to the shared NormStats in Record mode; Measure also adds the
  // moments of x's part in the region to the NormStats. Shared by forward() and the fused
  // inference kernels (models/resnet_generator.cpp).
  // `moments(t)` gives the statistics of t, x or a part of it (Measure mode); `groups` > 1 when
  // x holds that many phase groups of a sub-pixel convolution (models/resnet_generator.cpp).
  std::pair<torch::Tensor, torch::Tensor> statistics(
      const torch::Tensor& x, int groups,
      const std::function<std::pair<torch::Tensor, torch::Tensor>(const torch::Tensor&)>& moments);
  void set_stats(std::shared_ptr<NormStats> stats) { stats_ = std::move(stats); }
  int channels() const { return channels_; }

 private:
  int channels_;
  std::shared_ptr<NormStats> stats_;
};
TORCH_MODULE(InstanceNorm);

// Inference kernels on channels_last float tensors (stride 1 along C), no autograd. They let
// a generator stay in NHWC end to end, where oneDNN convolutions need no layout reorders, and
// fold the passes that would each stream a whole activation through memory (statistics,
// normalise, ReLU, residual add, padding, pixel shuffle) into two.
namespace nhwc {

// Per-(n, c) mean and biased variance, each [N, C / groups, 1, 1], of x [N, C, H, W]. With
// groups > 1, channel g * (C / groups) + c of x is treated as more pixels of channel c (the
// phase groups of a sub-pixel convolution before its shuffle).
std::pair<torch::Tensor, torch::Tensor> mean_var(const torch::Tensor& x, int groups = 1);

// How normalise() lays out its result: `shuffle` s > 1 reads x [N, s*s*C, h, w] as s*s phase
// groups in (row phase, column phase, channel) order and treats them as the [N, C, s*h, s*w]
// image they interleave (pixel shuffle); that image gets a border of `pad` = {top, bottom,
// left, right} pixels, mirrored as ReflectionPad2d does (`reflect`) or zeros; `unshuffle` u > 1
// then stores the padded image space-to-depth, as [N, u*u*C, H/u, W/u] in (row phase, column
// phase, channel) order (the padded sides must be multiples of u).
struct Layout {
  int shuffle = 1;
  int unshuffle = 1;
  int pad[4] = {0, 0, 0, 0};
  bool reflect = true;
};

// (x - mean) * rsqrt(var + eps), then ReLU if `relu`, plus `residual` (an [N, C, H, W] view
// with stride 1 along C, may be the interior of a padded tensor) if defined, into a new
// channels_last tensor laid out as `layout` says. mean/var as mean_var() returns them.
torch::Tensor normalise(const torch::Tensor& x, const torch::Tensor& mean, const torch::Tensor& var,
                        double eps, bool relu, const torch::Tensor& residual,
                        const Layout& layout);

// The [N, C, H, W] interior of a tensor normalise() padded with `layout.pad` (unshuffle 1).
torch::Tensor interior(const torch::Tensor& padded, const Layout& layout);

}  // namespace nhwc

// Points every InstanceNorm layer of `net` at `stats` (nullptr: back to plain instance norm).
void attach_norm_stats(torch::nn::Module& net, std::shared_ptr<NormStats> stats);

}  // namespace cyclegan
