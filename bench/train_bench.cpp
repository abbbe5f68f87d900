// Speed and memory of CycleGAN training: seconds per full training iteration
// (cyclegan_step: G and F forward/backward, both D, both Adam steps, both pools) for the paper
// architecture and every preset, at 128 and 256 px, on synthetic data (no image I/O, so it runs
// on a build without GEGL). GFLOP/s are counted from the layer shapes (bench/flop_count.h), and
// the ceiling is a plain 3x3 256->256 convolution forward + backward (input and weight
// gradients) on a 64x64 map, the residual-block layer that carries most of a 256 px iteration,
// measured in the same run. Each case runs in a child process of its own, so its peak RSS is its
// own. Not a test: run it by hand or through bench/run.
//
//   train_bench [--sizes 128,256] [--cases paper,quick] [--iters N] [--threads T]
//               [--device cpu|cuda] [--amp] [--channels-last] [--json FILE] [--profile FILE]
//   train_bench --check-flops            the FLOP counter against the official figures
//   train_bench --one tiny:32 --digest   one case in this process, with a checksum of the weights
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include <ATen/autocast_mode.h>
#include <torch/csrc/autograd/profiler_legacy.h>
#include <torch/torch.h>
#include <torch/version.h>

#include "core/compute_setup.h"
#include "core/cyclegan_step.h"
#include "bench/flop_count.h"
#include "core/presets.h"

namespace {

using cyclegan::NetworkSpec;

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double peak_rss_gib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0 / 1024.0;  // KiB on Linux
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(item);
  return out;
}

// Mixed precision (bf16 autocast; no loss scaling needed) where the LibTorch API allows it.
void set_autocast(bool on, torch::Device device) {
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
  const auto type = device.is_cuda() ? at::kCUDA : at::kCPU;
  at::autocast::set_autocast_dtype(type, at::kBFloat16);
  at::autocast::set_autocast_enabled(type, on);
#else
  if (device.is_cuda()) {
    at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
    at::autocast::set_enabled(on);
  } else {
    at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
    at::autocast::set_cpu_enabled(on);
  }
#endif
  if (!on) at::autocast::clear_cache();
}

void synchronize(const torch::Tensor& t) {
  if (t.is_cuda()) t.sum().item<float>();  // waits for the stream (no CUDA headers needed)
}

// GFLOP/s of a 3x3 256->256 conv (pad 1) on 1x256x64x64: forward, input and weight gradients.
double conv_ceiling(torch::Device device, int reps) {
  auto conv = torch::nn::Conv2d(torch::nn::Conv2dOptions(256, 256, 3).padding(1));
  conv->to(device);
  auto x = torch::randn({1, 256, 64, 64}, torch::TensorOptions().device(device)).requires_grad_();
  auto once = [&] {
    conv->zero_grad();
    x.mutable_grad() = torch::Tensor();
    conv->forward(x).sum().backward();
    synchronize(x.grad());
  };
  once();
  double best = 1e30;
  for (int i = 0; i < reps; ++i) {
    const double t0 = now();
    once();
    best = std::min(best, now() - t0);
  }
  return 3 * 2.0 * 9 * 256 * 256 * 64.0 * 64 / best / 1e9;
}

struct Case {
  std::string name;
  NetworkSpec g, d;
  int size = 256;
};

Case make_case(const std::string& name, int size) {
  const cyclegan::TrainPreset p = cyclegan::find_preset(name);
  return {name, p.trainer.generator, p.trainer.discriminator, size};
}

struct Result {
  double seconds = 0, first = 0, gflop = 0, rss = 0;
};

// Runs `iters` timed iterations (after one warm-up, which also fills nothing special: the pools
// only fill up over 50 iterations, and the timed ones mix stored and returned fakes).
Result run_case(const Case& c, int iters, torch::Device device, bool amp,
                const std::string& profile, bool digest, bool channels_last) {
  torch::manual_seed(0);
  const cyclegan::TrainerConfig config;  // official Adam, pool and loss settings
  cyclegan::CycleGanNets nets;  // the official four; no feature discriminators
  nets.g = cyclegan::make_network(c.g);
  nets.f = cyclegan::make_network(c.g);
  nets.d_a = cyclegan::make_network(c.d);
  nets.d_b = cyclegan::make_network(c.d);
  std::vector<torch::Tensor> gp, dp;
  for (auto* n : {nets.g.get(), nets.f.get(), nets.d_a.get(), nets.d_b.get()}) {
    n->to(device);
    n->train();
    auto& into = n->spec().is_generator() ? gp : dp;
    for (auto& t : n->parameters()) into.push_back(t);
  }
  if (channels_last) {  // NOTES.md measured this slower for the generator: check it here
    torch::NoGradGuard no_grad;
    for (auto* n : {nets.g.get(), nets.f.get(), nets.d_a.get(), nets.d_b.get()})
      for (auto& t : n->parameters())
        if (t.dim() == 4) t.set_data(t.contiguous(torch::MemoryFormat::ChannelsLast));
  }
  auto options = torch::optim::AdamOptions(config.lr).betas({config.beta1, config.beta2});
  torch::optim::Adam opt_g(gp, options), opt_d(dp, options);
  cyclegan::ImagePool pool_b(config.pool_size, 1), pool_a(config.pool_size, 2);
  const auto to = torch::TensorOptions().device(device);
  std::vector<torch::Tensor> a, b;
  for (int i = 0; i < 4; ++i) {
    a.push_back(torch::rand({1, 3, c.size, c.size}, to) * 2 - 1);
    b.push_back(torch::rand({1, 3, c.size, c.size}, to) * 2 - 1);
    if (channels_last) {
      a.back() = a.back().contiguous(torch::MemoryFormat::ChannelsLast);
      b.back() = b.back().contiguous(torch::MemoryFormat::ChannelsLast);
    }
  }
  auto step = [&](int i) {
    set_autocast(amp, device);
    cyclegan::cyclegan_step(nets, opt_g, opt_d, pool_b, pool_a, a[i % 4], b[i % 4], config.weights);
    set_autocast(false, device);
  };
  Result r;
  double t0 = now();
  step(0);
  r.first = now() - t0;
  std::vector<double> times;
  for (int i = 1; i <= iters; ++i) {
    t0 = now();
    step(i);
    times.push_back(now() - t0);
  }
  std::sort(times.begin(), times.end());
  r.seconds = times[times.size() / 2];  // median: robust to other jobs on a shared machine
  if (!profile.empty()) {
    torch::autograd::profiler::RecordProfile guard(profile);  // chrome://tracing JSON
    step(iters + 1);
  }
  if (digest) {  // to compare builds: equal digests = the same weights after the same steps
    double sum = 0, abs_sum = 0;
    for (auto* n : {nets.g.get(), nets.f.get(), nets.d_a.get(), nets.d_b.get()})
      for (auto& t : n->parameters()) {
        sum += t.to(torch::kCPU, torch::kDouble).sum().item<double>();
        abs_sum += t.to(torch::kCPU, torch::kDouble).abs().sum().item<double>();
      }
    std::printf("DIGEST %.17g %.17g\n", sum, abs_sum);
  }
  r.gflop = 2 * cyclegan::iteration_macs(c.g, c.d, c.size, c.size) / 1e9;
  r.rss = peak_rss_gib();
  return r;
}

int check_flops() {
  const NetworkSpec g = NetworkSpec::resnet(64, 9), d = NetworkSpec::nlayer(64, 3);
  const double fwd = cyclegan::network_macs(g, 256, 256).forward / 1e9;
  const double iter = cyclegan::iteration_macs(g, d, 256, 256) / 1e9;
  std::printf("paper G forward at 256 px: %.2f G MAC (official 49.55)\n", fwd);
  std::printf("paper iteration at 256 px: %.1f G MAC = %.3f TFLOP (official 939.6 G MAC, 1.88 TFLOP)\n",
              iter, 2 * iter / 1000);
  const bool ok = std::abs(fwd - 49.55) < 0.01 && std::abs(iter - 939.6) < 0.1;
  std::printf("%s\n", ok ? "OK" : "MISMATCH");
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> cases = {"paper"};
  for (const auto& n : cyclegan::preset_names())
    if (n != "paper") cases.push_back(n);
  std::vector<int> sizes = {128, 256};
  int iters = 3, threads = 0;
  std::string device_name = "cpu", json, profile, one;
  bool amp = false, digest = false, channels_last = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has = i + 1 < argc;
    if (a == "--check-flops") return check_flops();
    if (a == "--amp") { amp = true; continue; }
    if (a == "--digest") { digest = true; continue; }  // with --one: print a weight checksum
    if (a == "--channels-last") { channels_last = true; continue; }
    if (!has) { std::fprintf(stderr, "%s needs a value\n", a.c_str()); return 2; }
    const std::string v = argv[++i];
    if (a == "--sizes") { sizes.clear(); for (auto& s : split(v)) sizes.push_back(std::stoi(s)); }
    else if (a == "--cases") cases = split(v);
    else if (a == "--iters") iters = std::max(1, std::stoi(v));
    else if (a == "--threads") threads = std::stoi(v);
    else if (a == "--device") device_name = v;
    else if (a == "--json") json = v;
    else if (a == "--profile") profile = v;
    else if (a == "--one") one = v;  // internal: NAME:SIZE, run in a child process
    else {
      std::fprintf(stderr, "usage: %s [--sizes A,B] [--cases paper,quick,..] [--iters N] "
                   "[--threads T] [--device cpu|cuda] [--amp] [--json FILE] [--profile FILE] | "
                   "--check-flops\n", argv[0]);
      return 2;
    }
  }
  cyclegan::configure_threads(threads);
  const torch::Device device = cyclegan::choose_device(device_name);

  if (!one.empty()) {  // child: one case, one line of results on stdout
    const auto colon = one.find(':');
    const Case c = make_case(one.substr(0, colon), std::stoi(one.substr(colon + 1)));
    const Result r = run_case(c, iters, device, amp, profile, digest, channels_last);
    std::printf("RESULT %.6f %.6f %.6f %.4f\n", r.seconds, r.first, r.gflop, r.rss);
    return 0;
  }

  const double ceiling = conv_ceiling(device, 5);
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) < 0) load[0] = -1;
  std::printf("device %s%s, %d threads, LibTorch %d.%d, load average %.2f\n", device_name.c_str(),
              amp ? " (bf16 autocast)" : "", at::get_num_threads(), TORCH_VERSION_MAJOR,
              TORCH_VERSION_MINOR, load[0]);
  std::printf("ceiling: 3x3 256->256 conv fwd+bwd on 64x64: %.1f GFLOP/s\n\n", ceiling);
  std::printf("%-10s %5s %10s %9s %9s %9s %8s %9s\n", "case", "px", "s/iter", "first s",
              "GFLOP", "GFLOP/s", "ratio", "peak GiB");
  std::ostringstream js;
  js << "{\n  \"device\": \"" << device_name << "\", \"amp\": " << (amp ? "true" : "false")
     << ", \"threads\": " << at::get_num_threads() << ", \"libtorch\": \"" << TORCH_VERSION_MAJOR
     << "." << TORCH_VERSION_MINOR << "\", \"load_average\": " << load[0]
     << ",\n  \"ceiling_gflops\": " << ceiling << ",\n  \"cases\": [";
  bool first_row = true;
  for (const auto& name : cases) {
    for (int size : sizes) {
      std::ostringstream cmd;
      cmd << "'" << argv[0] << "' --one " << name << ":" << size << " --iters " << iters
          << " --threads " << at::get_num_threads() << " --device " << device_name
          << (amp ? " --amp" : "") << (channels_last ? " --channels-last" : "");
      if (!profile.empty() && name == "paper" && size == 256) cmd << " --profile '" << profile << "'";
      Result r;
      bool ok = false;
      if (FILE* p = popen(cmd.str().c_str(), "r")) {
        char line[512];
        while (std::fgets(line, sizeof line, p))
          if (std::sscanf(line, "RESULT %lf %lf %lf %lf", &r.seconds, &r.first, &r.gflop, &r.rss) == 4)
            ok = true;
        ok = pclose(p) == 0 && ok;
      }
      if (!ok) {
        std::printf("%-10s %5d  failed (see stderr)\n", name.c_str(), size);
        continue;
      }
      const double rate = r.gflop / r.seconds;
      std::printf("%-10s %5d %10.3f %9.3f %9.1f %9.1f %8.2f %9.2f\n", name.c_str(), size, r.seconds,
                  r.first, r.gflop, rate, rate / ceiling, r.rss);
      std::fflush(stdout);
      js << (first_row ? "\n" : ",\n") << "    {\"case\": \"" << name << "\", \"size\": " << size
         << ", \"seconds_per_iteration\": " << r.seconds << ", \"first_iteration_seconds\": "
         << r.first << ", \"gflop_per_iteration\": " << r.gflop << ", \"gflops\": " << rate
         << ", \"ratio_to_ceiling\": " << rate / ceiling << ", \"peak_rss_gib\": " << r.rss << "}";
      first_row = false;
    }
  }
  js << "\n  ]\n}\n";
  if (!json.empty()) {
    std::ofstream(json) << js.str();
    std::printf("\nJSON: %s\n", json.c_str());
  }
  return 0;
}
