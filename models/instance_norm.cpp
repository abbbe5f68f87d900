#include "models/instance_norm.h"

#include <ATen/record_function.h>

#include <algorithm>
#include <string>
#include <vector>

#include "base/errors.h"

namespace cyclegan {

torch::Tensor InstanceNormImpl::forward(torch::Tensor x) {
  const NormStats::Mode mode = stats_ ? stats_->mode : NormStats::Mode::Off;
  if (mode == NormStats::Mode::Off) {
    // The fused ATen kernel: same maths as below, faster and lighter in autograd.
    return torch::instance_norm(x, {}, {}, {}, {}, /*use_input_stats=*/true, /*momentum=*/0.0,
                                kInstanceNormEps, /*cudnn_enabled=*/false);
  }
  const auto [mean, var] = statistics(x, 1, [](const torch::Tensor& t) {
    torch::Tensor m = t.mean({2, 3}, /*keepdim=*/true);
    torch::Tensor v = (t - m).pow(2).mean({2, 3}, /*keepdim=*/true);  // biased, as torch
    return std::make_pair(m, v);
  });
  return (x - mean) * torch::rsqrt(var + kInstanceNormEps);
}

std::pair<torch::Tensor, torch::Tensor> InstanceNormImpl::statistics(
    const torch::Tensor& x, int groups,
    const std::function<std::pair<torch::Tensor, torch::Tensor>(const torch::Tensor&)>& moments) {
  const NormStats::Mode mode = stats_ ? stats_->mode : NormStats::Mode::Off;
  const int64_t n = x.size(0), c = x.size(1) / groups;
  if (mode == NormStats::Mode::Off || mode == NormStats::Mode::Record) {
    auto pair = moments(x);
    if (mode == NormStats::Mode::Record) stats_->mean_var.push_back(pair);
    return pair;
  }
  const size_t layer = stats_->next++;
  if (mode == NormStats::Mode::Measure && layer == stats_->measure_layer) {
    // The region at this layer's resolution (phase groups: the grid before the shuffle).
    const NormStats::Region& r = stats_->region;
    const int64_t k = r.height / x.size(2);
    TORCH_CHECK(k >= 1 && r.height == k * x.size(2) && r.width == k * x.size(3) && r.y0 % k == 0 &&
                    r.y1 % k == 0 && r.x0 % k == 0 && r.x1 % k == 0,
                "instance norm: the measured region does not fit the layer's resolution");
    const torch::Tensor part = x.slice(2, r.y0 / k, r.y1 / k).slice(3, r.x0 / k, r.x1 / k);
    const auto [m, v] = moments(part);
    const double count = static_cast<double>(part.size(2)) * part.size(3) * groups;
    const torch::Tensor md = m.to(torch::kFloat64).view({n, c});
    const torch::Tensor sum = md * count;
    const torch::Tensor sum_sq = (v.to(torch::kFloat64).view({n, c}) + md * md) * count;
    stats_->sum = stats_->sum.defined() ? stats_->sum + sum : sum;
    stats_->sum_sq = stats_->sum_sq.defined() ? stats_->sum_sq + sum_sq : sum_sq;
    stats_->count += count;
    throw NormStats::StopForward();
  }
  if (layer >= stats_->mean_var.size()) {
    throw Error("Instance-norm statistics ran out during replay (" +
                std::to_string(stats_->mean_var.size()) +
                " recorded): record them with the same network first.");
  }
  const auto& stored = stats_->mean_var[layer];
  if (stored.first.dim() != 4 || stored.first.size(0) != n || stored.first.size(1) != c) {
    throw Error("Replayed instance-norm statistics do not fit the layer's input " +
                std::to_string(n) + "x" + std::to_string(c) +
                " (batch x channels): record them on the same batch size and network.");
  }
  return stored;
}

void NormStats::use_measured() {
  if (!sum.defined() || count <= 0) throw Error("Instance-norm statistics: nothing was measured.");
  const torch::Tensor mean = sum / count;
  const torch::Tensor var = (sum_sq / count - mean * mean).clamp_min(0.0);
  const int64_t n = mean.size(0), c = mean.size(1);
  std::pair<torch::Tensor, torch::Tensor> pair{mean.to(torch::kFloat32).view({n, c, 1, 1}),
                                               var.to(torch::kFloat32).view({n, c, 1, 1})};
  if (measure_layer < mean_var.size()) mean_var[measure_layer] = pair;
  else if (measure_layer == mean_var.size()) mean_var.push_back(pair);
  else throw Error("Instance-norm statistics: layers must be measured in forward order.");
  sum = sum_sq = torch::Tensor();
  count = 0;
}

void attach_norm_stats(torch::nn::Module& net, std::shared_ptr<NormStats> stats) {
  for (const auto& module : net.modules(/*include_self=*/true)) {
    if (auto* norm = dynamic_cast<InstanceNormImpl*>(module.get())) norm->set_stats(stats);
  }
}

namespace nhwc {

namespace {

// Index i mirrored into [0, n) as ReflectionPad2d does (pads are < n, checked by the caller).
int64_t reflect(int64_t i, int64_t n) { return i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i; }

void check_nhwc(const torch::Tensor& t, const char* what) {
  TORCH_CHECK(t.dim() == 4 && t.scalar_type() == torch::kFloat32 && t.device().is_cpu() &&
                  t.stride(1) == 1,
              "nhwc kernels: ", what, " must be a CPU float [N, C, H, W] tensor with stride 1 along C");
}

// dst[p][c] = (src[p][c] - mean[c]) * rstd[c], ReLU'd and/or plus res[p][c]; a null src[p]
// is a zero border pixel. One vectorisable loop per pixel.
template <bool kRelu, bool kResidual>
void normalise_pixels(const float* const* src, const float* const* res, float* const* dst,
                      int64_t count, const float* mean, const float* rstd, int64_t c) {
  for (int64_t p = 0; p < count; ++p) {
    const float* s = src[p];
    float* d = dst[p];
    if (s == nullptr) {
      std::fill_n(d, c, 0.f);
      continue;
    }
    const float* r = kResidual ? res[p] : nullptr;
    for (int64_t k = 0; k < c; ++k) {
      float v = (s[k] - mean[k]) * rstd[k];
      if (kRelu) v = std::max(v, 0.f);
      if (kResidual) v += r[k];
      d[k] = v;
    }
  }
}

}  // namespace

std::pair<torch::Tensor, torch::Tensor> mean_var(const torch::Tensor& x, int groups) {
  RECORD_FUNCTION("cyclegan::nhwc::mean_var", std::vector<c10::IValue>());  // for --profile
  check_nhwc(x, "the input");
  const int64_t n = x.size(0), ct = x.size(1), h = x.size(2), w = x.size(3);
  TORCH_CHECK(groups >= 1 && ct % groups == 0 && h * w > 0, "nhwc::mean_var: bad shape");
  const int64_t c = ct / groups;
  const int64_t sn = x.stride(0), sh = x.stride(2), sw = x.stride(3);
  const float* base = x.data_ptr<float>();
  torch::Tensor mean = torch::empty({n, c, 1, 1}, torch::kFloat32);
  torch::Tensor var = torch::empty({n, c, 1, 1}, torch::kFloat32);
  // Fixed row chunks, each summed into its own slot, then added in order: the result does not
  // depend on thread scheduling. Sums are of x - shift (the first pixel), in float along one
  // row and in double across rows, so E[x^2] - E[x]^2 does not cancel catastrophically.
  const int64_t chunks = std::max<int64_t>(1, std::min<int64_t>(h, at::get_num_threads()));
  for (int64_t b = 0; b < n; ++b) {
    const float* img = base + b * sn;
    std::vector<float> shift(img, img + ct);
    std::vector<double> sum(chunks * ct, 0.0), sq(chunks * ct, 0.0);
    at::parallel_for(0, chunks, 1, [&](int64_t begin, int64_t end) {
      std::vector<float> rs(ct), rq(ct);
      for (int64_t k = begin; k < end; ++k) {
        for (int64_t y = k * h / chunks; y < (k + 1) * h / chunks; ++y) {
          std::fill(rs.begin(), rs.end(), 0.f);
          std::fill(rq.begin(), rq.end(), 0.f);
          for (int64_t xx = 0; xx < w; ++xx) {
            const float* px = img + y * sh + xx * sw;
            for (int64_t j = 0; j < ct; ++j) {
              const float d = px[j] - shift[j];
              rs[j] += d;
              rq[j] += d * d;
            }
          }
          for (int64_t j = 0; j < ct; ++j) {
            sum[k * ct + j] += rs[j];
            sq[k * ct + j] += rq[j];
          }
        }
      }
    });
    const double count = static_cast<double>(h) * w * groups;
    const double pixels = static_cast<double>(h) * w;  // per group
    for (int64_t j = 0; j < c; ++j) {
      // Channel j of every group (each with its own shift): sum of x, then of (x - mean)^2
      // = sum (d + shift - mean)^2 with d = x - shift.
      double total = 0;
      for (int g = 0; g < groups; ++g) {
        const int64_t col = g * c + j;
        for (int64_t t = 0; t < chunks; ++t) total += sum[t * ct + col];
        total += shift[col] * pixels;
      }
      const double m = total / count;
      mean.data_ptr<float>()[b * c + j] = static_cast<float>(m);
      double v = 0;
      for (int g = 0; g < groups; ++g) {
        const int64_t col = g * c + j;
        const double dk = shift[col] - m;
        double cs = 0, cq = 0;
        for (int64_t t = 0; t < chunks; ++t) {
          cs += sum[t * ct + col];
          cq += sq[t * ct + col];
        }
        v += cq + 2 * dk * cs + dk * dk * pixels;
      }
      var.data_ptr<float>()[b * c + j] = static_cast<float>(std::max(0.0, v / count));
    }
  }
  return {mean, var};
}

torch::Tensor normalise(const torch::Tensor& x, const torch::Tensor& mean, const torch::Tensor& var,
                        double eps, bool relu, const torch::Tensor& residual,
                        const Layout& layout) {
  RECORD_FUNCTION("cyclegan::nhwc::normalise", std::vector<c10::IValue>());
  check_nhwc(x, "the input");
  const int64_t s = layout.shuffle, u = layout.unshuffle;
  TORCH_CHECK(s >= 1 && u >= 1 && x.size(1) % (s * s) == 0, "nhwc::normalise: bad shuffle");
  const int64_t n = x.size(0), c = x.size(1) / (s * s), h = x.size(2) * s, w = x.size(3) * s;
  const int64_t top = layout.pad[0], left = layout.pad[2];
  const int64_t hp = h + top + layout.pad[1], wp = w + left + layout.pad[3];
  TORCH_CHECK(std::min({layout.pad[0], layout.pad[1], layout.pad[2], layout.pad[3]}) >= 0 &&
                  (!layout.reflect || (std::max<int64_t>(top, layout.pad[1]) < h &&
                                       std::max<int64_t>(left, layout.pad[3]) < w)),
              "nhwc::normalise: padding larger than the image");
  TORCH_CHECK(hp % u == 0 && wp % u == 0, "nhwc::normalise: padded size not a multiple of ",
              u);
  TORCH_CHECK(mean.numel() == n * c && var.numel() == n * c, "nhwc::normalise: bad statistics");
  const bool res = residual.defined();
  if (res) {
    check_nhwc(residual, "the residual");
    TORCH_CHECK(residual.size(0) == n && residual.size(1) == c && residual.size(2) == h &&
                    residual.size(3) == w,
                "nhwc::normalise: the residual's shape differs from the output's");
  }
  const int64_t ho = hp / u, wo = wp / u;
  torch::Tensor out = torch::empty(
      {n, u * u * c, ho, wo},
      torch::TensorOptions().dtype(torch::kFloat32).memory_format(at::MemoryFormat::ChannelsLast));
  const torch::Tensor mean_f = mean.to(torch::kFloat32).contiguous();
  const torch::Tensor rstd_f = torch::rsqrt(var.to(torch::kFloat32) + eps).contiguous();
  const float* xs = x.data_ptr<float>();
  float* os = out.data_ptr<float>();
  const int64_t xn = x.stride(0), xh = x.stride(2), xw = x.stride(3);
  const float* rs = res ? residual.data_ptr<float>() : nullptr;
  const int64_t rn = res ? residual.stride(0) : 0, rh = res ? residual.stride(2) : 0,
                rw = res ? residual.stride(3) : 0;
  const int64_t slots = wo * u * u;  // C-vectors per output row

  // Every output C-vector, borders included, straight from its (mirrored) source pixel.
  at::parallel_for(0, n * ho, 4, [&](int64_t begin, int64_t end) {
    std::vector<const float*> src(slots), rsrc(slots);
    std::vector<float*> dst(slots);
    for (int64_t i = begin; i < end; ++i) {
      const int64_t b = i / ho, yo = i % ho;
      float* out_row = os + (b * ho + yo) * slots * c;
      for (int64_t a = 0; a < u; ++a) {
        const int64_t y = yo * u + a - top;  // row of the unpadded image
        const bool y_in = y >= 0 && y < h;
        const int64_t ry = layout.reflect ? reflect(y, h) : y;
        for (int64_t xo = 0; xo < wo; ++xo) {
          for (int64_t bb = 0; bb < u; ++bb) {
            const int64_t slot = (xo * u + a) * u + bb;
            dst[slot] = out_row + slot * c;
            const int64_t xx = xo * u + bb - left;
            if (!layout.reflect && (!y_in || xx < 0 || xx >= w)) {
              src[slot] = nullptr;
              continue;
            }
            const int64_t rx = layout.reflect ? reflect(xx, w) : xx;
            src[slot] = xs + b * xn + (ry / s) * xh + (rx / s) * xw + ((ry % s) * s + rx % s) * c;
            if (res) rsrc[slot] = rs + b * rn + ry * rh + rx * rw;
          }
        }
      }
      const float* m = mean_f.data_ptr<float>() + b * c;
      const float* r = rstd_f.data_ptr<float>() + b * c;
      if (relu && res) normalise_pixels<true, true>(src.data(), rsrc.data(), dst.data(), slots, m, r, c);
      else if (relu) normalise_pixels<true, false>(src.data(), rsrc.data(), dst.data(), slots, m, r, c);
      else if (res) normalise_pixels<false, true>(src.data(), rsrc.data(), dst.data(), slots, m, r, c);
      else normalise_pixels<false, false>(src.data(), rsrc.data(), dst.data(), slots, m, r, c);
    }
  });
  return out;
}

torch::Tensor interior(const torch::Tensor& padded, const Layout& layout) {
  return padded.slice(2, layout.pad[0], padded.size(2) - layout.pad[1])
      .slice(3, layout.pad[2], padded.size(3) - layout.pad[3]);
}

}  // namespace nhwc

}  // namespace cyclegan
