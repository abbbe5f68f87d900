#include "models/transposed_conv.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

namespace cyclegan {

namespace {

// One output phase along one axis: output index o = phase + stride * m, m in [0, count).
// Those outputs see the kernel taps kh = first_tap + stride * j and the input rows
// i = m + max_offset - j (from o = i * stride - padding + kh), i.e. an ordinary correlation
// with the flipped sub-kernel over the input padded by pad_before / pad_after (negative = crop).
struct Phase {
  int64_t count = 0;
  int64_t first_tap = 0;
  int64_t taps = 0;
  int64_t pad_before = 0;
  int64_t pad_after = 0;
};

Phase phase_of(int64_t phase, int64_t in_size, int64_t out_size, int64_t kernel, int64_t stride,
               int64_t padding) {
  Phase p;
  p.count = out_size > phase ? (out_size - phase + stride - 1) / stride : 0;
  p.first_tap = (phase + padding) % stride;
  p.taps = p.first_tap < kernel ? (kernel - p.first_tap + stride - 1) / stride : 0;
  const int64_t max_offset = (phase + padding - p.first_tap) / stride;
  const int64_t min_offset = max_offset - (p.taps - 1);
  p.pad_before = -min_offset;
  p.pad_after = p.count - 1 + max_offset - (in_size - 1);
  return p;
}

// The flipped taps first_tap, first_tap + stride, … of `weight` along `dim`.
torch::Tensor sub_kernel(const torch::Tensor& weight, int64_t dim, const Phase& p, int64_t stride) {
  std::vector<int64_t> taps;
  for (int64_t j = p.taps - 1; j >= 0; --j) taps.push_back(p.first_tap + stride * j);
  return weight.index_select(dim, torch::tensor(taps, torch::kLong).to(weight.device()));
}

// The input offsets that the phases of one axis read, united: [lowest, highest].
std::pair<int64_t, int64_t> offset_window(const std::vector<Phase>& phases, int64_t stride,
                                          int64_t padding) {
  int64_t lowest = INT64_MAX, highest = INT64_MIN;
  for (int64_t a = 0; a < static_cast<int64_t>(phases.size()); ++a) {
    const Phase& p = phases[a];
    if (p.taps == 0) continue;
    const int64_t max_offset = (a + padding - p.first_tap) / stride;
    lowest = std::min(lowest, max_offset - (p.taps - 1));
    highest = std::max(highest, max_offset);
  }
  return {lowest, highest};
}

// For each phase a and window position i (input offset lowest + i): the kernel tap that
// reaches it, kh = a + padding - stride * offset, clamped, and whether it exists.
std::pair<torch::Tensor, torch::Tensor> window_taps(int64_t stride, int64_t padding,
                                                    int64_t kernel, int64_t lowest, int64_t size) {
  std::vector<int64_t> taps;
  std::vector<float> valid;
  for (int64_t a = 0; a < stride; ++a) {
    for (int64_t i = 0; i < size; ++i) {
      const int64_t kh = a + padding - stride * (lowest + i);
      taps.push_back(std::min(std::max<int64_t>(kh, 0), kernel - 1));
      valid.push_back(kh >= 0 && kh < kernel ? 1.0f : 0.0f);
    }
  }
  return {torch::tensor(taps, torch::kLong), torch::tensor(valid)};
}

// All stride*stride phases as ONE convolution with stride*stride*Cout outputs over the union
// window of input offsets (taps a phase lacks are zero), then a pixel shuffle. Needs equal
// phase sizes; does more multiply-adds than the phases need, but one large conv runs much
// faster on oneDNN than four small ones.
torch::Tensor combined_phases(const torch::Tensor& x, const torch::Tensor& weight,
                              const torch::Tensor& bias, int64_t stride, int64_t padding,
                              const std::pair<int64_t, int64_t>& rows,
                              const std::pair<int64_t, int64_t>& cols, int64_t out_h,
                              int64_t out_w) {
  const int64_t k = weight.size(2), cin = weight.size(0), cout = weight.size(1);
  const int64_t th = rows.second - rows.first + 1, tw = cols.second - cols.first + 1;
  auto [row_taps, row_valid] = window_taps(stride, padding, k, rows.first, th);
  auto [col_taps, col_valid] = window_taps(stride, padding, k, cols.first, tw);
  // The index and mask tables are built on the CPU; a CUDA kernel needs them on its device.
  const torch::Device device = weight.device();
  row_taps = row_taps.to(device);
  row_valid = row_valid.to(device);
  col_taps = col_taps.to(device);
  col_valid = col_valid.to(device);
  // [Cout, Cin, s*th, s*tw] -> [Cout, Cin, s, th, s, tw] -> [Cout, s, s, Cin, th, tw].
  torch::Tensor kernel = weight.transpose(0, 1).index_select(2, row_taps).index_select(3, col_taps);
  kernel = kernel * (row_valid.view({-1, 1}) * col_valid.view({1, -1})).to(weight.dtype());
  kernel = kernel.view({cout, cin, stride, th, stride, tw})
               .permute({0, 2, 4, 1, 3, 5})
               .reshape({cout * stride * stride, cin, th, tw});
  const torch::Tensor phase_bias =
      bias.defined() ? bias.repeat_interleave(stride * stride) : torch::Tensor();
  const int64_t h = x.size(2), w = x.size(3);
  const int64_t rows_after = out_h / stride - 1 + rows.second - (h - 1);
  const int64_t cols_after = out_w / stride - 1 + cols.second - (w - 1);
  const torch::Tensor xin =
      torch::constant_pad_nd(x, {-cols.first, cols_after, -rows.first, rows_after}, 0);
  return torch::pixel_shuffle(torch::conv2d(xin, kernel, phase_bias), stride);
}

// One small convolution per phase, interleaved into the output.
torch::Tensor separate_phases(const torch::Tensor& x, const torch::Tensor& weight,
                              const torch::Tensor& bias, int64_t stride,
                              const std::vector<Phase>& rows, const std::vector<Phase>& cols,
                              int64_t out_h, int64_t out_w) {
  const int64_t cout = weight.size(1);
  const torch::Tensor w_oi = weight.transpose(0, 1);  // conv2d wants [Cout, Cin, kh, kw]
  torch::Tensor out = torch::empty({x.size(0), cout, out_h, out_w}, x.options());
  for (int64_t a = 0; a < stride; ++a) {
    for (int64_t b = 0; b < stride; ++b) {
      const Phase& py = rows[a];
      const Phase& px = cols[b];
      if (py.count == 0 || px.count == 0) continue;
      torch::Tensor y;
      if (py.taps == 0 || px.taps == 0) {  // no tap reaches these outputs: bias only
        y = torch::zeros({x.size(0), cout, py.count, px.count}, x.options());
        if (bias.defined()) y = y + bias.view({1, -1, 1, 1});
      } else {
        const torch::Tensor kernel =
            sub_kernel(sub_kernel(w_oi, 2, py, stride), 3, px, stride).contiguous();
        const torch::Tensor xin = torch::constant_pad_nd(
            x, {px.pad_before, px.pad_after, py.pad_before, py.pad_after}, 0);
        y = torch::conv2d(xin, kernel, bias);
      }
      out.slice(2, a, out_h, stride).slice(3, b, out_w, stride).copy_(y);
    }
  }
  return out;
}

// Above this ratio of computed to needed multiply-adds the separate phases win. Measured (2
// threads, 256->128 ch, 64x64 input): the combined conv's forward+backward was about twice as
// fast as four separate ones both for k3 (ratio 1.78) and for the U-Net's k4 (ratio 2.25).
constexpr double kMaxCombinedWaste = 2.5;

}  // namespace

torch::Tensor conv_transpose2d_by_conv(const torch::Tensor& x, const torch::Tensor& weight,
                                       const torch::Tensor& bias, int stride, int padding,
                                       int output_padding) {
  TORCH_CHECK(x.dim() == 4 && weight.dim() == 4 && weight.size(2) == weight.size(3),
              "conv_transpose2d_by_conv: expects NCHW input and a square [Cin, Cout, k, k] kernel");
  TORCH_CHECK(stride >= 1 && padding >= 0 && output_padding >= 0 && output_padding < stride,
              "conv_transpose2d_by_conv: invalid stride/padding/output_padding");
  const int64_t k = weight.size(2);
  const int64_t h = x.size(2), w = x.size(3);
  const int64_t out_h = (h - 1) * stride - 2 * padding + k + output_padding;
  const int64_t out_w = (w - 1) * stride - 2 * padding + k + output_padding;
  std::vector<Phase> rows, cols;
  for (int64_t a = 0; a < stride; ++a) rows.push_back(phase_of(a, h, out_h, k, stride, padding));
  for (int64_t b = 0; b < stride; ++b) cols.push_back(phase_of(b, w, out_w, k, stride, padding));

  if (out_h % stride == 0 && out_w % stride == 0) {
    const auto row_window = offset_window(rows, stride, padding);
    const auto col_window = offset_window(cols, stride, padding);
    const double computed = static_cast<double>(stride * stride) *
                            (row_window.second - row_window.first + 1) *
                            (col_window.second - col_window.first + 1);
    if (row_window.first <= row_window.second && col_window.first <= col_window.second &&
        computed <= kMaxCombinedWaste * k * k) {
      return combined_phases(x, weight, bias, stride, padding, row_window, col_window, out_h,
                             out_w);
    }
  }
  return separate_phases(x, weight, bias, stride, rows, cols, out_h, out_w);
}

ConvTransposeImpl::ConvTransposeImpl(int in, int out, int kernel, int stride, int padding,
                                     int output_padding, bool with_bias)
    : stride_(stride), padding_(padding), output_padding_(output_padding) {
  weight = register_parameter("weight", torch::empty({in, out, kernel, kernel}));
  // nn.ConvTranspose2d's default init (kaiming_uniform(a=sqrt(5)) over fan_in = out * k * k);
  // make_network then applies the official normal init on top.
  const double bound = 1.0 / std::sqrt(static_cast<double>(out * kernel * kernel));
  torch::NoGradGuard no_grad;
  weight.uniform_(-bound, bound);
  if (with_bias) bias = register_parameter("bias", torch::empty({out}).uniform_(-bound, bound));
}

torch::Tensor ConvTransposeImpl::forward(torch::Tensor x) {
  return conv_transpose2d_by_conv(x, weight, bias, stride_, padding_, output_padding_);
}

}  // namespace cyclegan
