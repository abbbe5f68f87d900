#include "core/tiled_translate.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <cmath>
#include <deque>
#include <new>
#include <string>
#include <vector>

#include "base/errors.h"
#include "core/free_cores.h"
#include "models/instance_norm.h"

namespace cyclegan {

namespace {

// Activation memory one pass may use when the caller gives no budget. With the tile's input,
// the accumulator strip and LibTorch itself this keeps an 8000x8000 translation under 3 GiB.
constexpr double kAutoPassBytes = 1.0 * (1 << 30);
// Measured peak of a ResNet generator's forward under InferenceMode, in bytes per input pixel
// per unit of ngf (several ngf-channel float maps at full resolution alive at once).
constexpr double kBytesPerPixelPerWidth = 16.0;
// Below this a pass is all border and no tile.
constexpr int64_t kMinPassPixels = 128 * 128;

int round_up(int v, int a) { return (v + a - 1) / a * a; }

// Index i mirrored into [0, n) the way ReflectionPad2d does (edge not repeated), repeatedly for
// pads wider than the image.
int mirror(int i, int n) {
  if (n == 1) return 0;
  const int period = 2 * (n - 1);
  i %= period;
  if (i < 0) i += period;
  return i < n ? i : period - i;
}

// One axis of the tiling: the kept ("core") intervals and, for each, the network input window.
struct Axis {
  int image = 0;   // image side
  int padded = 0;  // image side rounded up to the alignment (the whole-image network input)
  std::vector<int> core_begin;  // core k = [core_begin[k], core_begin[k+1]); last ends at padded
  int margin = 0, feather = 0;

  int count() const { return static_cast<int>(core_begin.size()); }
  int core_end(int k) const { return k + 1 < count() ? core_begin[k + 1] : padded; }
  // Pixels a tile writes (blended with its neighbours within `feather` of a core boundary).
  int out_begin(int k) const { return k == 0 ? 0 : core_begin[k] - feather; }
  int out_end(int k) const { return k + 1 == count() ? padded : core_end(k) + feather; }
  // The tile's network input; all four ends are multiples of the alignment.
  int in_begin(int k) const { return std::max(0, out_begin(k) - margin); }
  int in_end(int k) const { return std::min(padded, out_end(k) + margin); }
  // Blend weight of tile k at coordinate x (the ramps of two neighbours sum to one).
  float weight(int k, int x) const {
    float w = 1.f;
    if (k > 0 && x < core_begin[k] + feather)
      w = (x + 0.5f - (core_begin[k] - feather)) / (2.f * feather);
    if (k + 1 < count() && x >= core_end(k) - feather)
      w = 1.f - (x + 0.5f - (core_end(k) - feather)) / (2.f * feather);
    return w;
  }
};

// Splits `padded` into cores of at most `tile` (a multiple of `align`), as equal as alignment
// allows, so that no thin last tile wastes a whole margin.
Axis make_axis(int image, int padded, int tile, int align, int margin, int feather) {
  Axis axis;
  axis.image = image;
  axis.padded = padded;
  const int n = (padded + tile - 1) / tile;
  const int step = round_up((padded + n - 1) / n, align);
  for (int b = 0; b < padded; b += step) axis.core_begin.push_back(b);
  int smallest = padded;
  for (int k = 0; k < axis.count(); ++k)
    smallest = std::min(smallest, axis.core_end(k) - axis.core_begin[k]);
  axis.margin = margin;
  // Ramps must not overlap inside one core, or the weights would not sum to one.
  axis.feather = axis.count() > 1 ? std::min(feather, smallest / 2 / align * align) : 0;
  return axis;
}

// The network input for window [x0, x0+w) x [y0, y0+h) of `image` (colour channels only,
// mirrored beyond the image, clamped to 0..1, mapped to [-1, 1]; gray replicated), planar.
void read_window(const PixelBuffer& image, int x0, int y0, int w, int h, float* dst) {
  const int c = image.channels;
  const bool gray = image.color_channels() == 1;
  const int64_t plane = static_cast<int64_t>(w) * h;
  at::parallel_for(0, h, 16, [&](int64_t begin, int64_t end) {
    for (int64_t y = begin; y < end; ++y) {
      const int sy = mirror(y0 + static_cast<int>(y), image.height);
      const float* row = image.data.data() + static_cast<int64_t>(sy) * image.width * c;
      float* out = dst + y * w;
      for (int x = 0; x < w; ++x) {
        const float* px = row + static_cast<int64_t>(mirror(x0 + x, image.width)) * c;
        for (int k = 0; k < 3; ++k) {
          const float v = std::clamp(px[gray ? 0 : k], 0.f, 1.f);
          out[k * plane + x] = v * 2.f - 1.f;
        }
      }
    }
  });
}

// Box-filtered copy of the colour channels (each source pixel lands in exactly one target
// pixel, so means are preserved), for the reduced-resolution statistics pass.
PixelBuffer downscale_colour(const PixelBuffer& image, int w, int h) {
  const int cc = image.color_channels() == 1 ? 1 : 3;
  PixelBuffer small;
  small.width = w;
  small.height = h;
  small.channels = cc;
  small.data.assign(static_cast<size_t>(w) * h * cc, 0.f);
  std::vector<float> count(static_cast<size_t>(w) * h, 0.f);
  for (int y = 0; y < image.height; ++y) {
    const int ty = static_cast<int>(static_cast<int64_t>(y) * h / image.height);
    const float* row = image.data.data() + static_cast<int64_t>(y) * image.width * image.channels;
    for (int x = 0; x < image.width; ++x) {
      const int tx = static_cast<int>(static_cast<int64_t>(x) * w / image.width);
      const size_t t = static_cast<size_t>(ty) * w + tx;
      for (int k = 0; k < cc; ++k)
        small.data[t * cc + k] += std::clamp(row[x * image.channels + k], 0.f, 1.f);
      count[t] += 1.f;
    }
  }
  for (size_t t = 0; t < count.size(); ++t)
    for (int k = 0; k < cc; ++k) small.data[t * cc + k] /= count[t];
  return small;
}

// Blended output rows waiting to be written back: rows [first, first + rows.size()), each
// holding 3 planes of `width` network-output values.
class RowAccumulator {
 public:
  explicit RowAccumulator(int width) : width_(width) {}

  float* row(int y) {
    if (y < first_) throw Error("Internal error: a tile wrote an image row already written back.");
    while (first_ + static_cast<int>(rows_.size()) <= y) {
      std::vector<float> r;
      if (!spare_.empty()) {
        r = std::move(spare_.back());
        spare_.pop_back();
      }
      r.assign(static_cast<size_t>(width_) * 3, 0.f);
      rows_.push_back(std::move(r));
    }
    return rows_[y - first_].data();
  }

  // Writes rows [first, end) into `image` (clamped to 0..1; gray = mean of the three
  // channels, the inverse of the replication on input) and drops them.
  void flush(PixelBuffer& image, int end) {
    end = std::min(end, first_ + static_cast<int>(rows_.size()));
    const int c = image.channels;
    const bool gray = image.color_channels() == 1;
    const int n = end - first_;
    if (n <= 0) return;
    at::parallel_for(0, n, 8, [&](int64_t begin, int64_t stop) {
      for (int64_t i = begin; i < stop; ++i) {
        const int y = first_ + static_cast<int>(i);
        if (y >= image.height) continue;
        const float* acc = rows_[i].data();
        float* px = image.data.data() + static_cast<int64_t>(y) * image.width * c;
        for (int x = 0; x < image.width; ++x, px += c) {
          auto to_unit = [](float v) { return std::clamp((v + 1.f) * 0.5f, 0.f, 1.f); };
          if (gray) {
            px[0] = to_unit((acc[x] + acc[width_ + x] + acc[2 * width_ + x]) / 3.f);
          } else {
            for (int k = 0; k < 3; ++k) px[k] = to_unit(acc[k * width_ + x]);
          }
        }
      }
    });
    for (int i = 0; i < n; ++i) {
      spare_.push_back(std::move(rows_.front()));
      rows_.pop_front();
    }
    first_ = end;
  }

 private:
  int width_;
  int first_ = 0;
  std::deque<std::vector<float>> rows_;
  std::vector<std::vector<float>> spare_;  // recycled rows: no allocation per tile row
};

// Lowest image row that window rows [y0, y1) read (rows past the bottom are mirrored upwards).
int first_row_read(int y0, int y1, int height) {
  int lowest = std::min(y0, height);
  for (int y = std::max(y0, height); y < y1; ++y) lowest = std::min(lowest, mirror(y, height));
  return lowest;
}

// Runs the network on planar input `buffer` (3 x h x w) and returns a contiguous [1,3,h,w].
torch::Tensor run_network(Network& net, std::vector<float>& buffer, int w, int h) {
  adapt_threads_to_free_cores();
  torch::Tensor in = torch::from_blob(buffer.data(), {1, 3, h, w}, torch::kFloat32);
  // A network moved to a GPU gets its input there; the image stays in host memory.
  const auto params = net.parameters();
  if (!params.empty() && params.front().device() != in.device()) in = in.to(params.front().device());
  torch::Tensor out = net.forward(in);
  if (out.dim() != 4 || out.size(1) != 3 || out.size(2) != h || out.size(3) != w) {
    throw InputError("The generator \"" + net.spec().describe() +
                     "\" does not map a 3-channel image to a 3-channel image of the same size.");
  }
  return out.to(torch::kCPU, torch::kFloat32).contiguous();
}

void check_cancel(const Callbacks& callbacks) {
  if (callbacks.should_cancel && callbacks.should_cancel()) throw Cancelled();
}

void report(const Callbacks& callbacks, double fraction, const std::string& text) {
  if (callbacks.progress) callbacks.progress(std::min(1.0, fraction), text);
}

}  // namespace

void reuse_freed_memory() {
#if defined(__GLIBC__)
  // Blocks up to 1 GiB come from the heap (and are reused), and the heap is not trimmed.
  static const bool done = [] {
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    return true;
  }();
  (void)done;
#endif
}

int receptive_field_radius(const NetworkSpec& spec) {
  if (spec.kind != NetKind::ResnetGenerator) return 0;
  // conv7 (3) + two stride-2 conv3 (1 + 2) + two conv3 per block at stride 4 (8 each) + two
  // transposed conv3 (4 + 2, plus their half-pixel offsets: +4) + conv7 (3).
  return 3 + 1 + 2 + 8 * spec.depth + 4 + 2 + 4 + 3;
}

int input_alignment(const NetworkSpec& spec) {
  if (spec.kind == NetKind::UnetGenerator) return 1 << std::max(0, spec.depth);
  return 4;  // ResNet generator: two stride-2 convolutions
}

namespace {

// The largest network input of one pass: the caller's, or a budget of activation memory.
int64_t pass_pixels_for(const NetworkSpec& spec, const TileOptions& options) {
  if (options.max_pass_pixels > 0) return options.max_pass_pixels;
  return std::max<int64_t>(kMinPassPixels,
                           static_cast<int64_t>(kAutoPassBytes / (kBytesPerPixelPerWidth * spec.width)));
}

// One attempt at the translation. `*written` turns true once output may have reached `image`:
// from then on a failure cannot be retried with other tiles.
TilePlan translate_tiled_once(Network& net, PixelBuffer& image, const TileOptions& options,
                              const Callbacks& callbacks, bool* written) {
  if (image.width <= 0 || image.height <= 0 ||
      image.data.size() != static_cast<size_t>(image.width) * image.height * image.channels)
    throw InputError(
        Message{CYCLEGAN_MESSAGE("The image to translate is empty or its pixel buffer has the wrong size."), {}});
  if (image.channels < 1 || image.channels > 4)
    throw InputError(Message{CYCLEGAN_MESSAGE("Cannot translate an image with %s channels; use gray, gray+alpha, "
                                              "RGB or RGBA."),
                             {std::to_string(image.channels)}});

  reuse_freed_memory();
  c10::InferenceMode inference;
  net.eval();
  const NetworkSpec& spec = net.spec();
  const int align = input_alignment(spec);
  // Deep features need a few pixels for their reflection pads: at least 4 at the coarsest level.
  const int min_side = spec.kind == NetKind::UnetGenerator ? align : 4 * align;
  const int wp = std::max(round_up(image.width, align), min_side);
  const int hp = std::max(round_up(image.height, align), min_side);

  const int64_t pass_pixels = pass_pixels_for(spec, options);
  int margin = options.margin >= 0 ? options.margin
               : spec.kind == NetKind::ResnetGenerator ? receptive_field_radius(spec)
                                                       : align / 4;
  margin = round_up(margin, align);
  int feather = round_up(std::max(0, options.feather), align);

  int tile = options.tile_size;
  if (tile <= 0) {
    const int window = static_cast<int>(std::sqrt(static_cast<double>(pass_pixels)));
    tile = std::max(align, (window - 2 * (margin + feather)) / align * align);
  }
  tile = round_up(tile, align);

  TilePlan plan;
  const bool whole = options.tile_size > 0 ? (wp <= tile && hp <= tile)
                                           : static_cast<int64_t>(wp) * hp <= pass_pixels;
  // U-Nets are only exact whole-image (see the header).
  const bool single = whole || (spec.kind == NetKind::UnetGenerator &&
                                static_cast<int64_t>(wp) * hp <= pass_pixels);
  std::vector<float> buffer;
  auto stats = std::make_shared<NormStats>();
  attach_norm_stats(net, stats);
  struct Detach {
    Network& n;
    ~Detach() { attach_norm_stats(n, nullptr); }
  } detach{net};

  if (single) {
    plan.single_pass = true;
    plan.tiles_x = plan.tiles_y = 1;
    plan.tile_w = wp;
    plan.tile_h = hp;
    check_cancel(callbacks);
    report(callbacks, 0.0, "translating");
    buffer.resize(static_cast<size_t>(wp) * hp * 3);
    read_window(image, 0, 0, wp, hp, buffer.data());
    torch::Tensor out = run_network(net, buffer, wp, hp);
    *written = true;
    buffer.clear();
    buffer.shrink_to_fit();
    RowAccumulator acc(image.width);
    const float* o = out.data_ptr<float>();
    const int64_t plane = static_cast<int64_t>(wp) * hp;
    for (int y = 0; y < image.height; ++y) {
      float* r = acc.row(y);
      for (int k = 0; k < 3; ++k)
        std::copy_n(o + k * plane + static_cast<int64_t>(y) * wp, image.width, r + k * image.width);
      if (y % 64 == 63) acc.flush(image, y + 1);  // keeps the strip small
    }
    acc.flush(image, image.height);
    report(callbacks, 1.0, "translated");
    return plan;
  }

  Axis ax = make_axis(image.width, wp, tile, align, margin, feather);
  Axis ay = make_axis(image.height, hp, tile, align, margin, feather);
  plan.tiles_x = ax.count();
  plan.tiles_y = ay.count();
  plan.tile_w = ax.core_end(0);
  plan.tile_h = ay.core_end(0);
  plan.margin = margin;
  plan.feather = std::min(ax.feather, ay.feather);

  // Work, in input pixels, for progress fractions.
  double total = 0.0;
  for (int j = 0; j < ay.count(); ++j)
    for (int i = 0; i < ax.count(); ++i)
      total += double(ax.in_end(i) - ax.in_begin(i)) * (ay.in_end(j) - ay.in_begin(j));
  double done = 0.0;

  if (spec.norm == NormKind::Instance) {
    const int64_t stats_max = options.stats_max_pixels > 0 ? options.stats_max_pixels : pass_pixels;
    check_cancel(callbacks);
    report(callbacks, 0.0, "measuring the image's statistics");
    stats->mode = NormStats::Mode::Record;
    // Full resolution when it fits, or when "downscaling" would not make the image smaller.
    if (static_cast<int64_t>(wp) * hp <= stats_max ||
        (options.stats_sampling == TileOptions::StatsSampling::Downscale &&
         std::max(image.width, image.height) <= options.stats_long_side)) {
      plan.stats_width = wp;
      plan.stats_height = hp;
      buffer.resize(static_cast<size_t>(wp) * hp * 3);
      read_window(image, 0, 0, wp, hp, buffer.data());
      run_network(net, buffer, wp, hp);
    } else if (options.stats_sampling == TileOptions::StatsSampling::Exact) {
      size_t layers = 0;
      for (const auto& m : net.modules(/*include_self=*/true))
        if (dynamic_cast<const InstanceNormImpl*>(m.get())) ++layers;
      double tiles_work = 0;
      for (int j = 0; j < ay.count(); ++j)
        for (int i = 0; i < ax.count(); ++i)
          tiles_work += double(ax.in_end(i) - ax.in_begin(i)) * (ay.in_end(j) - ay.in_begin(j));
      // Progress: layer l's pass runs about (l + 1) / layers of the network.
      total += tiles_work * (layers + 1) / 2.0;
      stats->mean_var.clear();
      stats->mode = NormStats::Mode::Measure;
      for (size_t l = 0; l < layers; ++l) {
        stats->measure_layer = l;
        for (int j = 0; j < ay.count(); ++j) {
          const int y0 = ay.in_begin(j), h = ay.in_end(j) - y0;
          for (int i = 0; i < ax.count(); ++i) {
            check_cancel(callbacks);
            const int x0 = ax.in_begin(i), w = ax.in_end(i) - x0;
            buffer.resize(static_cast<size_t>(w) * h * 3);
            read_window(image, x0, y0, w, h, buffer.data());
            // The cores partition the padded image, as the whole-image pass sees it.
            stats->region = {ay.core_begin[j] - y0, ay.core_end(j) - y0,
                             ax.core_begin[i] - x0, ax.core_end(i) - x0, h, w};
            stats->next = 0;
            try {
              run_network(net, buffer, w, h);
            } catch (const NormStats::StopForward&) {
              // expected: layer l was measured, the rest of the network is not needed
            }
            done += double(w) * h * (l + 1) / layers;
            report(callbacks, done / total,
                   "measuring the image's statistics, layer " + std::to_string(l + 1) + " of " +
                       std::to_string(layers));
          }
        }
        stats->use_measured();
      }
      plan.stats_layers_measured = static_cast<int>(layers);
    } else if (options.stats_sampling == TileOptions::StatsSampling::Crops) {
      // Full-resolution tile windows spread evenly over the image, each normalised with its
      // own statistics; their moments are pooled per layer (weighted by area).
      const int kx = std::min(ax.count(), options.stats_crops_per_axis);
      const int ky = std::min(ay.count(), options.stats_crops_per_axis);
      std::vector<std::pair<torch::Tensor, torch::Tensor>> sum;  // area * mean, area * E[x^2]
      double area_sum = 0;
      auto tile_of = [](int k, int n, int count) { return n == 1 ? count / 2 : k * (count - 1) / (n - 1); };
      for (int cy = 0; cy < ky; ++cy)
        for (int cx = 0; cx < kx; ++cx) {
          const int i = tile_of(cx, kx, ax.count()), j = tile_of(cy, ky, ay.count());
          total += double(ax.in_end(i) - ax.in_begin(i)) * (ay.in_end(j) - ay.in_begin(j));
        }
      for (int cy = 0; cy < ky; ++cy) {
        for (int cx = 0; cx < kx; ++cx) {
          check_cancel(callbacks);
          const int i = tile_of(cx, kx, ax.count()), j = tile_of(cy, ky, ay.count());
          const int x0 = ax.in_begin(i), w = ax.in_end(i) - x0;
          const int y0 = ay.in_begin(j), h = ay.in_end(j) - y0;
          buffer.resize(static_cast<size_t>(w) * h * 3);
          read_window(image, x0, y0, w, h, buffer.data());
          stats->mean_var.clear();
          run_network(net, buffer, w, h);
          const double area = double(w) * h;
          if (sum.empty()) sum.resize(stats->mean_var.size());
          for (size_t l = 0; l < sum.size(); ++l) {
            const auto& [m, v] = stats->mean_var[l];
            torch::Tensor a = m * area, b = (v + m * m) * area;
            sum[l] = sum[l].first.defined() ? std::make_pair(sum[l].first + a, sum[l].second + b)
                                            : std::make_pair(a, b);
          }
          area_sum += area;
          done += area;
          report(callbacks, done / total,
                 "measuring the image's statistics, part " + std::to_string(cy * kx + cx + 1) +
                     " of " + std::to_string(kx * ky));
        }
      }
      stats->mean_var.clear();
      for (auto& [a, b] : sum) {
        torch::Tensor mean = a / area_sum;
        stats->mean_var.emplace_back(mean, (b / area_sum - mean * mean).clamp_min(0.0));
      }
      plan.stats_crops = kx * ky;
    } else {
      const double scale = double(std::max(1, options.stats_long_side)) /
                           std::max(image.width, image.height);
      const int sw = std::max(1, static_cast<int>(std::lround(image.width * scale)));
      const int sh = std::max(1, static_cast<int>(std::lround(image.height * scale)));
      PixelBuffer small = downscale_colour(image, sw, sh);
      const int swp = std::max(round_up(sw, align), min_side);
      const int shp = std::max(round_up(sh, align), min_side);
      plan.stats_downscaled = true;
      plan.stats_width = swp;
      plan.stats_height = shp;
      buffer.resize(static_cast<size_t>(swp) * shp * 3);
      read_window(small, 0, 0, swp, shp, buffer.data());
      run_network(net, buffer, swp, shp);
      total += double(swp) * shp;
      done += double(swp) * shp;
    }
    stats->mode = NormStats::Mode::Replay;
  }

  RowAccumulator acc(image.width);
  const int n_tiles = ax.count() * ay.count();
  int tile_index = 0;
  for (int j = 0; j < ay.count(); ++j) {
    // Rows above everything this tile row reads are final: write them back into the image.
    acc.flush(image, first_row_read(ay.in_begin(j), ay.in_end(j), image.height));
    const int y0 = ay.in_begin(j), h = ay.in_end(j) - y0;
    for (int i = 0; i < ax.count(); ++i, ++tile_index) {
      check_cancel(callbacks);
      const int x0 = ax.in_begin(i), w = ax.in_end(i) - x0;
      buffer.resize(static_cast<size_t>(w) * h * 3);
      read_window(image, x0, y0, w, h, buffer.data());
      stats->next = 0;
      torch::Tensor out = run_network(net, buffer, w, h);
      *written = true;  // rows of this tile are flushed into the image with the next tile row
      const float* o = out.data_ptr<float>();
      const int64_t plane = static_cast<int64_t>(w) * h;
      const int ox0 = ax.out_begin(i), ox1 = std::min(ax.out_end(i), image.width);
      const int oy0 = ay.out_begin(j), oy1 = std::min(ay.out_end(j), image.height);
      std::vector<float> wx(ox1 - ox0);
      for (int x = ox0; x < ox1; ++x) wx[x - ox0] = ax.weight(i, x);
      for (int y = oy0; y < oy1; ++y) {
        const float wy = ay.weight(j, y);
        float* r = acc.row(y);
        const float* src = o + static_cast<int64_t>(y - y0) * w + (ox0 - x0);
        for (int k = 0; k < 3; ++k) {
          float* dst = r + k * image.width + ox0;
          const float* s = src + k * plane;
          for (int x = 0; x < ox1 - ox0; ++x) dst[x] += wy * wx[x] * s[x];
        }
      }
      done += double(w) * h;
      report(callbacks, done / total,
             "tile " + std::to_string(tile_index + 1) + " of " + std::to_string(n_tiles));
    }
  }
  acc.flush(image, image.height);
  return plan;
}

}  // namespace

TilePlan translate_tiled(Network& net, PixelBuffer& image, const TileOptions& options,
                         const Callbacks& callbacks) {
  // Memory that runs out before any output is written is retried with tiles of half the side,
  // down to the smallest pass that is still mostly tile rather than border.
  TileOptions attempt = options;
  for (;;) {
    bool written = false;
    try {
      try {
        return translate_tiled_once(net, image, attempt, callbacks, &written);
      } catch (const c10::Error& e) {
        if (!is_out_of_memory(e)) throw;
        throw std::bad_alloc();
      }
    } catch (const std::bad_alloc&) {
      const int64_t smaller = pass_pixels_for(net.spec(), attempt) / 4;
      if (written || smaller < kMinPassPixels)
        throw InputError(Message{CYCLEGAN_MESSAGE("Not enough memory to translate this %s x %s image, even in small "
                                                  "tiles: close other programs, or translate a smaller copy."),
                                 {std::to_string(image.width), std::to_string(image.height)}});
      attempt.max_pass_pixels = smaller;
      if (attempt.tile_size > 0) attempt.tile_size = std::max(16, attempt.tile_size / 2);
      if (callbacks.warning)
        callbacks.warning(
            {Message{CYCLEGAN_MESSAGE("Memory ran short; translating in smaller tiles (at most %s px a side)."),
                     {std::to_string(static_cast<int>(std::sqrt(double(smaller))))}}});
    }
  }
}

}  // namespace cyclegan
