#include "models/transposed_conv.h"

#include <cmath>
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
  return weight.index_select(dim, torch::tensor(taps, torch::kLong));
}

}  // namespace

torch::Tensor conv_transpose2d_by_conv(const torch::Tensor& x, const torch::Tensor& weight,
                                       const torch::Tensor& bias, int stride, int padding,
                                       int output_padding) {
  TORCH_CHECK(x.dim() == 4 && weight.dim() == 4 && weight.size(2) == weight.size(3),
              "conv_transpose2d_by_conv: expects NCHW input and a square [Cin, Cout, k, k] kernel");
  const int64_t k = weight.size(2);
  const int64_t h = x.size(2), w = x.size(3);
  const int64_t out_h = (h - 1) * stride - 2 * padding + k + output_padding;
  const int64_t out_w = (w - 1) * stride - 2 * padding + k + output_padding;
  const int64_t cout = weight.size(1);
  // conv2d wants [Cout, Cin, kh, kw].
  const torch::Tensor w_oi = weight.transpose(0, 1);

  std::vector<torch::Tensor> outputs;  // row-major over (phase_y, phase_x)
  std::vector<Phase> rows, cols;
  for (int64_t a = 0; a < stride; ++a) rows.push_back(phase_of(a, h, out_h, k, stride, padding));
  for (int64_t b = 0; b < stride; ++b) cols.push_back(phase_of(b, w, out_w, k, stride, padding));
  for (const Phase& py : rows) {
    for (const Phase& px : cols) {
      if (py.count == 0 || px.count == 0) {
        outputs.emplace_back();
        continue;
      }
      if (py.taps == 0 || px.taps == 0) {  // no tap reaches these outputs: bias only
        torch::Tensor y = torch::zeros({x.size(0), cout, py.count, px.count}, x.options());
        outputs.push_back(bias.defined() ? y + bias.view({1, -1, 1, 1}) : y);
        continue;
      }
      torch::Tensor kernel =
          sub_kernel(sub_kernel(w_oi, 2, py, stride), 3, px, stride).contiguous();
      torch::Tensor xin =
          torch::constant_pad_nd(x, {px.pad_before, px.pad_after, py.pad_before, py.pad_after}, 0);
      outputs.push_back(torch::conv2d(xin, kernel, bias));
    }
  }

  if (out_h % stride == 0 && out_w % stride == 0) {
    // Equal-sized phases: interleave them with one reshape (a pixel shuffle).
    torch::Tensor stacked = torch::stack(outputs, 2);  // [N, C, s*s, H/s, W/s]
    stacked = stacked.view({x.size(0), cout, stride, stride, out_h / stride, out_w / stride});
    return stacked.permute({0, 1, 4, 2, 5, 3}).reshape({x.size(0), cout, out_h, out_w});
  }
  torch::Tensor out = torch::empty({x.size(0), cout, out_h, out_w}, x.options());
  size_t index = 0;
  for (int64_t a = 0; a < stride; ++a) {
    for (int64_t b = 0; b < stride; ++b, ++index) {
      if (!outputs[index].defined()) continue;
      out.slice(2, a, out_h, stride).slice(3, b, out_w, stride).copy_(outputs[index]);
    }
  }
  return out;
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
