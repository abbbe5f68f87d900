// Speed of the generator's first upsampling, ConvTranspose2d(256 -> 128, k3, s2, p1, op1) on a
// 64x64 map (-> 128x128), with torch::conv_transpose2d (system BLAS on Debian's LibTorch) and
// with our sub-pixel decomposition (oneDNN convs). Usage: bench_transposed_conv [threads] [reps]
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>

#include "models/transposed_conv.h"

namespace {

// Seconds per call of fn, best of `reps` after one warm-up call.
double best_seconds(const std::function<void()>& fn, int reps) {
  fn();
  double best = 1e30;
  for (int i = 0; i < reps; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    fn();
    const auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double>(t1 - t0).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const int threads = argc > 1 ? std::atoi(argv[1]) : 2;
  const int reps = argc > 2 ? std::atoi(argv[2]) : 5;
  at::set_num_threads(threads);
  torch::manual_seed(0);
  const auto x = torch::randn({1, 256, 64, 64});
  const auto weight = torch::randn({256, 128, 3, 3}) * 0.02;
  const auto bias = torch::zeros({128});
  // Multiply-adds of the transposed conv: every input pixel meets every tap once.
  const double macs = 256.0 * 128 * 9 * 64 * 64;

  auto report = [&](const char* name, const std::function<torch::Tensor(torch::Tensor,
                                                                         torch::Tensor)>& op) {
    const double fwd = best_seconds([&] {
      torch::NoGradGuard no_grad;
      op(x, weight);
    }, reps);
    const double fwd_bwd = best_seconds([&] {
      auto xi = x.clone().requires_grad_();
      auto wi = weight.clone().requires_grad_();
      op(xi, wi).sum().backward();
    }, reps);
    std::printf("%-28s forward %7.2f ms (%6.1f GFLOP/s)  forward+backward %7.2f ms\n", name,
                fwd * 1e3, 2 * macs / fwd * 1e-9, fwd_bwd * 1e3);
  };
  std::printf("ConvTranspose2d 256->128 k3 s2 p1 op1, 64x64 -> 128x128, %d threads\n", threads);
  report("torch::conv_transpose2d", [&](torch::Tensor xi, torch::Tensor wi) {
    return torch::conv_transpose2d(xi, wi, bias, 2, 1, 1);
  });
  report("conv_transpose2d_by_conv", [&](torch::Tensor xi, torch::Tensor wi) {
    return cyclegan::conv_transpose2d_by_conv(xi, wi, bias, 2, 1, 1);
  });
  return 0;
}
