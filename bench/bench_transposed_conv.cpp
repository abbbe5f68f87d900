// Speed of the ResNet generator's first upsampling, ConvTranspose2d(256 -> 128, k3, s2, p1, op1)
// on a 64x64 map (-> 128x128), and of a U-Net upsampling (k4, s2, p1), with
// torch::conv_transpose2d (system BLAS on Debian's LibTorch) and with our sub-pixel
// decomposition (oneDNN convs). Usage: bench_transposed_conv [threads] [reps]
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
  struct Geometry {
    const char* name;
    int64_t cin, cout, size, kernel, padding, output_padding;
  };
  const Geometry geometries[] = {{"ResNet k3 s2 p1 op1, 256->128", 256, 128, 64, 3, 1, 1},
                                 {"U-Net  k4 s2 p1,     256->128", 256, 128, 64, 4, 1, 0}};
  for (const Geometry& g : geometries) {
    const auto x = torch::randn({1, g.cin, g.size, g.size});
    const auto weight = torch::randn({g.cin, g.cout, g.kernel, g.kernel}) * 0.02;
    const auto bias = torch::zeros({g.cout});
    // Multiply-adds of the transposed conv: every input pixel meets every tap once.
    const double macs = double(g.cin) * g.cout * g.kernel * g.kernel * g.size * g.size;
    auto report = [&](const char* name,
                      const std::function<torch::Tensor(torch::Tensor, torch::Tensor)>& op) {
      const double fwd = best_seconds([&] {
        torch::NoGradGuard no_grad;
        op(x, weight);
      }, reps);
      const double fwd_bwd = best_seconds([&] {
        auto xi = x.clone().requires_grad_();
        auto wi = weight.clone().requires_grad_();
        op(xi, wi).sum().backward();
      }, reps);
      std::printf("  %-26s forward %7.2f ms (%6.1f GFLOP/s)  forward+backward %7.2f ms\n", name,
                  fwd * 1e3, 2 * macs / fwd * 1e-9, fwd_bwd * 1e3);
    };
    std::printf("%s, %lldx%lld input, %d threads\n", g.name, (long long)g.size, (long long)g.size,
                threads);
    report("torch::conv_transpose2d", [&](torch::Tensor xi, torch::Tensor wi) {
      return torch::conv_transpose2d(xi, wi, bias, 2, g.padding, g.output_padding);
    });
    report("conv_transpose2d_by_conv", [&](torch::Tensor xi, torch::Tensor wi) {
      return cyclegan::conv_transpose2d_by_conv(xi, wi, bias, 2, g.padding, g.output_padding);
    });
  }
  return 0;
}
