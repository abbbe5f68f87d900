#include "core/compute_setup.h"

#include <thread>

#include "base/errors.h"
#include "core/free_cores.h"
#include "core/gpu.h"

namespace cyclegan {

void configure_threads(int threads) {
  const bool automatic = threads <= 0;
  if (automatic) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (at::get_num_threads() != threads) at::set_num_threads(threads);
  follow_free_cores(automatic, threads);
}

torch::Device choose_device(const std::string& name) {
  if (name == "cpu") return torch::kCPU;
  if (name == "cuda") {
    if (!torch::cuda::is_available())
      throw InputError("--device cuda was asked for, but this build of LibTorch has no CUDA or "
                       "no GPU is visible; use --device cpu.");
    return torch::kCUDA;
  }
  if (name == "auto" || name.empty()) return gpu_available() ? torch::kCUDA : torch::kCPU;
  throw InputError("Unknown device \"" + name + "\"; use auto, cpu or cuda.");
}

bool gpu_available() {
  static const bool available = torch::cuda::is_available();  // asks the driver once
  return available;
}

}  // namespace cyclegan
