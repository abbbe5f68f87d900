// Speed and memory of full-resolution translation with the paper's generator (resnet_9blocks,
// ngf 64, random init): time per image size, GFLOP/s achieved (official multiply-adds counted
// from the layer shapes, 49.55 G per 256x256 forward, FLOP = 2 x MAC) and, as this machine's
// ceiling measured in the same run, the GFLOP/s of a plain 3x3 256->256 convolution (the layer
// that carries 88 % of the generator's work). Not a test: run it by hand.
//
//   translate_bench [--sizes 256,1024,4096] [--threads T] [--tile N]
//   translate_bench --big 8000            one 8000x8000 translation: time and peak memory
//   translate_bench --tile 256 --stats exact   statistics of tiled images by crops,
//                                         downscale or exact (TileOptions::StatsSampling), even
//                                         where a full-resolution statistics pass would fit
//   translate_bench --stats-error 2048    error of downscaled instance-norm statistics
//   translate_bench --compare 1024 [--rounds R]   module path vs NHWC fast path of one forward,
//                                         alternated with the ceiling in each round (best of R):
//                                         robust A/B on a machine that others load; --reuse 0:
//                                         without cyclegan::reuse_freed_memory()
//   translate_bench --preset quick --sizes 256   a preset's generator (random init) instead:
//                                         seconds per size, e.g. what Translate's preview of a
//                                         256x256 region costs with a quick model
//   translate_bench --sizes 1024 --profile FILE   also one profiled translation of the last size
//                                         (chrome-trace JSON; summarise: bench/profile_summary.py)
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include <torch/csrc/autograd/profiler_legacy.h>

#include "core/compute_setup.h"
#include "core/presets.h"
#include "core/tiled_translate.h"

namespace {

using cyclegan::PixelBuffer;

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Best of `reps` after one warm-up call, in seconds.
// reps 0: one timed call, no warm-up (for sizes that take minutes).
double best_seconds(const std::function<void()>& fn, int reps) {
  if (reps == 0) {
    const double t0 = now();
    fn();
    return now() - t0;
  }
  fn();
  double best = 1e30;
  for (int i = 0; i < reps; ++i) {
    const double t0 = now();
    fn();
    best = std::min(best, now() - t0);
  }
  return best;
}

double peak_rss_gib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0 / 1024.0;  // ru_maxrss is in KiB on Linux
}

// Multiply-adds of one official ResnetGenerator forward on an h x w image (every conv and
// transposed conv: output or input pixels x k^2 x Cin x Cout).
double resnet_macs(int ngf, int blocks, double h, double w) {
  const double p = h * w, q = p / 4, r = p / 16;
  return 49.0 * 3 * ngf * p                      // 7x7 in
         + 9.0 * ngf * 2 * ngf * q               // stride-2 3x3
         + 9.0 * 2 * ngf * 4 * ngf * r           // stride-2 3x3
         + 2.0 * blocks * 9 * 16.0 * ngf * ngf * r  // residual blocks
         + 9.0 * 4 * ngf * 2 * ngf * r           // transposed 3x3 (per input pixel)
         + 9.0 * 2 * ngf * ngf * q               // transposed 3x3
         + 49.0 * ngf * 3 * p;                   // 7x7 out
}

// A smooth, textured RGB test image (a photo is not needed for timing or memory).
PixelBuffer pattern(int w, int h) {
  PixelBuffer p;
  p.width = w;
  p.height = h;
  p.channels = 3;
  p.data.resize(size_t(w) * h * 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int k = 0; k < 3; ++k)
        p.data[(size_t(y) * w + x) * 3 + k] =
            0.5f + 0.25f * std::sin(0.013f * x * (k + 1)) * std::cos(0.011f * y + k) +
            0.2f * std::sin(0.31f * (x + 2 * y) + k);
  return p;
}

// GFLOP/s of a 3x3 256->256 convolution (padding 1) on a 256x256 map: the ceiling.
// channels_last: the same in the layout the generator's fast path uses (faster with oneDNN).
double conv_ceiling(int reps = 3, bool channels_last = false) {
  torch::NoGradGuard no_grad;
  c10::InferenceMode inference;
  static auto conv = torch::nn::Conv2d(torch::nn::Conv2dOptions(256, 256, 3).padding(1));
  static const auto nchw = torch::randn({1, 256, 256, 256});
  static const auto nhwc = nchw.contiguous(at::MemoryFormat::ChannelsLast);
  const auto& x = channels_last ? nhwc : nchw;
  const double s = best_seconds([&] { conv->forward(x); }, reps);
  return 2.0 * 9 * 256 * 256 * 256.0 * 256 / s / 1e9;
}

// One generator forward on a size x size input, alternating (ceiling, module path, fast path)
// `rounds` times. The module path is forced by leaving autograd on (with parameters that do
// not require gradients, so no graph is kept): the fast path needs autograd off.
void compare_paths(cyclegan::Network& net, int size, int rounds) {
  net.eval();
  for (auto& p : net.parameters()) p.set_requires_grad(false);
  const torch::Tensor x = torch::rand({1, 3, size, size}) * 2 - 1;
  const double flop = 2.0 * resnet_macs(64, 9, size, size);
  auto module_path = [&] {
    torch::AutoGradMode grad(true);
    return net.forward(x);
  };
  auto fast_path = [&] {
    c10::InferenceMode inference;
    return net.forward(x);
  };
  const double diff = (module_path() - fast_path()).abs().max().item<double>();
  double ceiling = 0, slow = 1e30, fast = 1e30;
  for (int r = 0; r < rounds; ++r) {
    ceiling = std::max(ceiling, conv_ceiling(2));
    double t0 = now();
    module_path();
    slow = std::min(slow, now() - t0);
    t0 = now();
    fast_path();
    fast = std::min(fast, now() - t0);
    std::printf("round %d: ceiling %.1f GFLOP/s, module path %.3f s, fast path %.3f s\n", r + 1,
                ceiling, slow, fast);
  }
  std::printf("%d px forward, best of %d: module path %.3f s (%.2f of ceiling), fast path %.3f s "
              "(%.2f of ceiling), speed-up %.2fx, max |diff| %.2e\n",
              size, rounds, slow, flop / slow / 1e9 / ceiling, fast, flop / fast / 1e9 / ceiling,
              slow / fast, diff);
}

std::vector<int> parse_sizes(const std::string& text) {
  std::vector<int> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(std::atoi(item.c_str()));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  // As translate_tiled does, before anything is timed (the ceiling conv included); --reuse 0
  // (with --compare) goes without it.
  bool reuse = true;
  for (int i = 1; i + 1 < argc; i += 2)
    if (std::string(argv[i]) == "--reuse") reuse = std::atoi(argv[i + 1]) != 0;
  if (reuse) cyclegan::reuse_freed_memory();
  std::vector<int> sizes = {256, 1024, 4096};
  int threads = 0, tile = 0, big = 0, stats_error = 0, compare = 0, rounds = 3;
  std::string profile, stats, preset;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--sizes") sizes = parse_sizes(argv[i + 1]);
    else if (a == "--threads") threads = std::atoi(argv[i + 1]);
    else if (a == "--tile") tile = std::atoi(argv[i + 1]);
    else if (a == "--big") big = std::atoi(argv[i + 1]);
    else if (a == "--stats-error") stats_error = std::atoi(argv[i + 1]);
    else if (a == "--profile") profile = argv[i + 1];
    else if (a == "--stats") stats = argv[i + 1];
    else if (a == "--compare") compare = std::atoi(argv[i + 1]);
    else if (a == "--rounds") rounds = std::atoi(argv[i + 1]);
    else if (a == "--preset") preset = argv[i + 1];
    else if (a == "--reuse") continue;  // read above
    else {
      std::fprintf(stderr, "usage: %s [--sizes A,B,..] [--threads T] [--tile N] [--big N] "
                   "[--stats-error N] [--profile FILE] [--compare N [--rounds R] [--reuse 0]] "
                   "[--stats crops|downscale|exact] [--preset quick|paper]\n", argv[0]);
      return 2;
    }
  }
  cyclegan::configure_threads(threads);
  torch::manual_seed(0);
  cyclegan::TileOptions opt;
  if (!preset.empty()) {
    // Translate's preview reads the region plus the generator's context, as the real run does.
    const cyclegan::NetworkSpec spec = cyclegan::find_preset(preset).trainer.generator;
    auto g = cyclegan::make_network(spec);
    const int context = cyclegan::receptive_field_radius(spec);
    std::printf("%s generator: %s, %d threads\n", preset.c_str(), spec.describe().c_str(), at::get_num_threads());
    for (int s : sizes) {
      const PixelBuffer input = pattern(s + 2 * context, s + 2 * context);
      const double secs = best_seconds([&] {
        PixelBuffer image = input;
        cyclegan::translate_tiled(*g, image, opt);
      }, 5);
      std::printf("%5d px region (+%d px context each side): %.3f s\n", s, context, secs);
    }
    return 0;
  }
  auto net = cyclegan::make_network(cyclegan::NetworkSpec::resnet(64, 9));
  opt.tile_size = tile;
  if (!stats.empty()) opt.stats_max_pixels = 1;  // no full-resolution statistics pass
  opt.stats_sampling = stats == "exact"       ? cyclegan::TileOptions::StatsSampling::Exact
                       : stats == "downscale" ? cyclegan::TileOptions::StatsSampling::Downscale
                                              : cyclegan::TileOptions::StatsSampling::Crops;
  std::printf("resnet_9blocks ngf 64, %d threads, peak RSS after loading %.2f GiB\n",
              at::get_num_threads(), peak_rss_gib());

  if (compare > 0) {
    compare_paths(*net, compare, rounds);
    return 0;
  }

  if (big > 0) {
    PixelBuffer image = pattern(big, big);
    std::printf("%dx%d RGB float image: %.2f GiB; peak RSS now %.2f GiB\n", big, big,
                image.data.size() * 4.0 / (1 << 30), peak_rss_gib());
    const double t0 = now();
    int last = -1;
    cyclegan::Callbacks cb;
    cb.progress = [&](double f, const std::string& text) {
      if (int(f * 20) != last) {
        last = int(f * 20);
        std::fprintf(stderr, "  %3.0f%% %s (%.0f s)\n", f * 100, text.c_str(), now() - t0);
      }
    };
    const auto plan = cyclegan::translate_tiled(*net, image, opt, cb);
    std::printf("translated in %.1f s: %dx%d tiles of %dx%d (+%d margin, %d feather), "
                "statistics at %dx%d; peak RSS %.2f GiB\n",
                now() - t0, plan.tiles_x, plan.tiles_y, plan.tile_w, plan.tile_h, plan.margin,
                plan.feather, plan.stats_width, plan.stats_height, peak_rss_gib());
    return 0;
  }

  if (stats_error > 0) {
    // Reference: statistics at full resolution (one tiled pass with a forced full-res record).
    const PixelBuffer input = pattern(stats_error, stats_error);
    PixelBuffer reference = input;
    cyclegan::TileOptions full = opt;
    full.stats_max_pixels = int64_t(1) << 40;
    cyclegan::translate_tiled(*net, reference, full);
    for (int side : {1536, 1024, 512, 256}) {
      if (side >= stats_error) continue;
      PixelBuffer approx = input;
      cyclegan::TileOptions o = opt;
      o.stats_max_pixels = 1;
      o.stats_long_side = side;
      cyclegan::translate_tiled(*net, approx, o);
      double sum = 0, worst = 0;
      std::vector<float> d(approx.data.size());
      for (size_t i = 0; i < d.size(); ++i) {
        d[i] = std::abs(approx.data[i] - reference.data[i]);
        sum += d[i];
        worst = std::max(worst, double(d[i]));
      }
      std::nth_element(d.begin(), d.begin() + d.size() * 99 / 100, d.end());
      std::printf("statistics at long side %4d for %d px: mean |diff| %.2f/255, p99 %.2f/255, "
                  "max %.2f/255\n",
                  side, stats_error, sum / d.size() * 255, d[d.size() * 99 / 100] * 255,
                  worst * 255);
    }
    return 0;
  }

  const double ceiling = conv_ceiling();
  const double ceiling_cl = conv_ceiling(3, true);
  std::printf("ceiling: 3x3 256->256 conv on 256x256: %.1f GFLOP/s (channels_last: %.1f)\n",
              ceiling, ceiling_cl);
  for (int s : sizes) {
    PixelBuffer input = pattern(s, s);
    cyclegan::TilePlan plan;
    const int reps = s <= 256 ? 5 : s <= 1024 ? 2 : 0;
    const double secs = best_seconds([&] {
      PixelBuffer image = input;
      plan = cyclegan::translate_tiled(*net, image, opt);
    }, reps);
    const double gflops = 2.0 * resnet_macs(64, 9, s, s) / secs / 1e9;
    std::printf("%5d px: %8.3f s  %6.1f GFLOP/s  %.2f of ceiling (%.2f of channels_last)  (%s, "
                "%dx%d tiles)  peak RSS %.2f GiB\n",
                s, secs, gflops, gflops / ceiling, gflops / ceiling_cl,
                plan.single_pass ? "one pass" : "tiled",
                plan.tiles_x, plan.tiles_y, peak_rss_gib());
  }
  if (!profile.empty() && !sizes.empty()) {
    PixelBuffer image = pattern(sizes.back(), sizes.back());
    torch::autograd::profiler::RecordProfile guard(profile);  // written when the guard ends
    cyclegan::translate_tiled(*net, image, opt);
  }
  return 0;
}
