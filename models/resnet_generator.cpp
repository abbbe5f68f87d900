// ResnetGenerator and ResnetBlock of the official networks.py (padding_type 'reflect').
// Sequential layout of `model` (n = n_blocks):
//   0 pad(3) 1 conv7 2 norm 3 relu | 4,7 stride-2 convs (+norm, relu) | 10…10+n-1 blocks |
//   10+n, 13+n transposed convs (+norm, relu) | 16+n pad(3) 17+n conv7 18+n tanh
//
// Inference fast path (forward_nhwc): with instance norm, on the CPU, in eval mode and without
// autograd, the same layers run in channels_last (NHWC) layout: oneDNN's convolutions are
// 1.3-2.2x faster there than on NCHW (no reorders around each conv; measured on 2 AVX-512
// cores, LibTorch 1.13), and instance norm, ReLU, the residual add, the next reflection pad and
// the transposed convs' pixel shuffle are done in one pass per layer (models/instance_norm.h).
// Same maths, rounding aside; training and every other case take the module path.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "models/architectures.h"
#include "models/instance_norm.h"
#include "models/layers.h"
#include "models/transposed_conv.h"

namespace cyclegan {

namespace {

// The official generator downsamples (and upsamples) twice.
constexpr int kSamplings = 2;
// Its transposed convs: kernel 3, stride 2, padding 1, output_padding 1 (doubles the size).
constexpr int kUpKernel = 3, kUpStride = 2, kUpPadding = 1, kUpOutputPadding = 1;

// A transposed conv as one convolution whose stride^2 * Cout outputs are the output phases in
// (row phase, column phase, channel) order, over the input padded by pad[0..3] = {top, bottom,
// left, right} zeros (nhwc::normalise with `shuffle` = stride interleaves them).
struct PhaseConv {
  torch::Tensor weight;  // [s*s*Cout, Cin, t, t], channels_last
  torch::Tensor bias;    // [s*s*Cout] or undefined
  int pad[4] = {0, 0, 0, 0};
};

// Output o = stride * m + a of a transposed conv reads input i = m + offset with kernel tap
// kh = a + padding - stride * offset; the phases' offsets together span [lowest, highest].
PhaseConv phase_conv(const torch::Tensor& weight, const torch::Tensor& bias, int64_t in_h,
                     int64_t in_w) {
  const int64_t k = kUpKernel, s = kUpStride, p = kUpPadding;
  int64_t lowest = INT64_MAX, highest = INT64_MIN;
  for (int64_t a = 0; a < s; ++a) {
    for (int64_t kh = 0; kh < k; ++kh) {
      if ((a + p - kh) % s != 0) continue;
      const int64_t offset = (a + p - kh) / s;
      lowest = std::min(lowest, offset);
      highest = std::max(highest, offset);
    }
  }
  const int64_t t = highest - lowest + 1;
  const int64_t cin = weight.size(0), cout = weight.size(1);
  const torch::Tensor w = weight.detach().to(torch::kFloat32).contiguous();
  torch::Tensor kernel = torch::zeros({s, s, cout, cin, t, t});
  auto kv = kernel.accessor<float, 6>();
  auto wv = w.accessor<float, 4>();
  for (int64_t a = 0; a < s; ++a)
    for (int64_t b = 0; b < s; ++b)
      for (int64_t u = 0; u < t; ++u)
        for (int64_t v = 0; v < t; ++v) {
          const int64_t kh = a + p - s * (lowest + u), kw = b + p - s * (lowest + v);
          if (kh < 0 || kh >= k || kw < 0 || kw >= k) continue;
          for (int64_t co = 0; co < cout; ++co)
            for (int64_t ci = 0; ci < cin; ++ci) kv[a][b][co][ci][u][v] = wv[ci][co][kh][kw];
        }
  PhaseConv pc;
  pc.weight = kernel.view({s * s * cout, cin, t, t}).contiguous(at::MemoryFormat::ChannelsLast);
  if (bias.defined()) pc.bias = bias.detach().to(torch::kFloat32).repeat({s * s});
  const int64_t out_h = (in_h - 1) * s - 2 * p + k + kUpOutputPadding;
  const int64_t out_w = (in_w - 1) * s - 2 * p + k + kUpOutputPadding;
  pc.pad[0] = pc.pad[2] = static_cast<int>(-lowest);
  pc.pad[1] = static_cast<int>(out_h / s - 1 + highest - (in_h - 1));
  pc.pad[3] = static_cast<int>(out_w / s - 1 + highest - (in_w - 1));
  return pc;
}

// conv's weights and bias on channels_last x (strides and paddings are the architecture's).
torch::Tensor nhwc_conv(const torch::Tensor& x, const torch::nn::Conv2dImpl& conv, int stride,
                        int padding) {
  return torch::conv2d(x, conv.weight.contiguous(at::MemoryFormat::ChannelsLast), conv.bias,
                       stride, padding);
}

// x + conv_block(x); conv_block = pad conv norm relu [dropout] pad conv norm, so the second
// conv sits at conv_block.5, or conv_block.6 with dropout (official key layout).
class ResnetBlockImpl : public torch::nn::Module {
 public:
  ResnetBlockImpl(int dim, NormKind norm, bool dropout) {
    const bool bias = layers::conv_bias(norm);
    conv_block->push_back(torch::nn::ReflectionPad2d(1));
    conv_block->push_back(layers::conv(dim, dim, 3, 1, 0, bias));
    conv_block->push_back(layers::norm(norm, dim));
    conv_block->push_back(layers::relu());
    // nn.Dropout(0.5): only active in train mode.
    if (dropout) conv_block->push_back(torch::nn::Dropout(0.5));
    conv_block->push_back(torch::nn::ReflectionPad2d(1));
    conv_block->push_back(layers::conv(dim, dim, 3, 1, 0, bias));
    conv_block->push_back(layers::norm(norm, dim));
    register_module("conv_block", conv_block);
  }
  torch::Tensor forward(torch::Tensor x) { return x + conv_block->forward(x); }

  torch::nn::Sequential conv_block;
};
TORCH_MODULE(ResnetBlock);

class ResnetGenerator : public Network {
 public:
  explicit ResnetGenerator(const NetworkSpec& s) : Network(s) {
    const int ngf = s.width;
    const bool bias = layers::conv_bias(s.norm);
    model->push_back(torch::nn::ReflectionPad2d(3));
    model->push_back(layers::conv(s.in_channels, ngf, 7, 1, 0, bias));
    model->push_back(layers::norm(s.norm, ngf));
    model->push_back(layers::relu());
    for (int i = 0; i < kSamplings; ++i) {
      const int mult = 1 << i;
      model->push_back(layers::conv(ngf * mult, ngf * mult * 2, 3, 2, 1, bias));
      model->push_back(layers::norm(s.norm, ngf * mult * 2));
      model->push_back(layers::relu());
    }
    const int dim = ngf << kSamplings;
    for (int i = 0; i < s.depth; ++i) model->push_back(ResnetBlock(dim, s.norm, s.dropout));
    for (int i = 0; i < kSamplings; ++i) {
      const int mult = 1 << (kSamplings - i);
      model->push_back(ConvTranspose(ngf * mult, ngf * mult / 2, kUpKernel, kUpStride,
                                     kUpPadding, kUpOutputPadding, bias));
      model->push_back(layers::norm(s.norm, ngf * mult / 2));
      model->push_back(layers::relu());
    }
    model->push_back(torch::nn::ReflectionPad2d(3));
    model->push_back(layers::conv(ngf, s.out_channels, 7, 1, 0, /*bias=*/true));  // always biased
    model->push_back(torch::nn::Tanh());
    register_module("model", model);
  }

  torch::Tensor forward(torch::Tensor x) override {
    if (fast_path_applies(x)) return forward_nhwc(x);
    if (!spec().input_skip) return model->forward(x);
    const int before_tanh = static_cast<int>(model->size()) - 1;
    return layers::skip_tanh(layers::run(model, x, before_tanh), x);
  }

 private:
  bool fast_path_applies(const torch::Tensor& x) const {
    // The reflection pads need every map at least 4 pixels wide (3 + 1 at full resolution,
    // 1 + 1 at the coarsest); smaller inputs take the module path, which reports the error.
    const int64_t coarse = 1 << kSamplings;
    return !is_training() && !torch::GradMode::is_enabled() && spec().norm == NormKind::Instance &&
           x.dim() == 4 && x.device().is_cpu() && x.scalar_type() == torch::kFloat32 &&
           x.size(1) == spec().in_channels && x.size(2) % coarse == 0 &&
           x.size(3) % coarse == 0 && x.size(2) >= 2 * coarse && x.size(3) >= 2 * coarse &&
           model->parameters().front().device().is_cpu();
  }

  InstanceNormImpl& norm_at(torch::nn::Sequential& seq, size_t i) {
    return *seq[i]->as<InstanceNormImpl>();
  }

  // Statistics of conv output y (phase groups folded) through `norm`'s record/replay, then
  // normalise into `layout`.
  static torch::Tensor norm_into(InstanceNormImpl& norm, const torch::Tensor& y, bool relu,
                                 const torch::Tensor& residual, const nhwc::Layout& layout) {
    const int groups = layout.shuffle * layout.shuffle;
    const auto [mean, var] = norm.statistics(y.size(0), y.size(1) / groups,
                                             [&] { return nhwc::mean_var(y, groups); });
    return nhwc::normalise(y, mean, var, kInstanceNormEps, relu, residual, layout);
  }

  torch::Tensor forward_nhwc(const torch::Tensor& input) {
    const int n = spec().depth;
    const auto conv_at = [&](torch::nn::Sequential& seq, size_t i) -> torch::nn::Conv2dImpl& {
      return *seq[i]->as<torch::nn::Conv2dImpl>();
    };
    const nhwc::Layout plain;  // for the stride-2 convs, which zero-pad by themselves
    nhwc::Layout reflect1, reflect3;
    std::fill(reflect1.pad, reflect1.pad + 4, 1);
    std::fill(reflect3.pad, reflect3.pad + 4, 3);
    // The transposed convs as phase convolutions, for their input sizes (blocks' size, then 2x).
    const int64_t hc = input.size(2) >> kSamplings, wc = input.size(3) >> kSamplings;
    std::vector<PhaseConv> ups;
    for (int i = 0; i < kSamplings; ++i) {
      const auto& up = *model[10 + n + 3 * i]->as<ConvTransposeImpl>();
      ups.push_back(phase_conv(up.weight, up.bias, hc << i, wc << i));
    }
    // Output of the norm before up conv i: zero-padded as that phase convolution reads it.
    const auto up_input = [&](int i, int shuffle) {
      nhwc::Layout l;
      l.shuffle = shuffle;
      l.reflect = false;
      std::copy(ups[i].pad, ups[i].pad + 4, l.pad);
      return l;
    };

    torch::Tensor x =
        torch::reflection_pad2d(input, {3, 3, 3, 3}).contiguous(at::MemoryFormat::ChannelsLast);
    x = norm_into(norm_at(model, 2), nhwc_conv(x, conv_at(model, 1), 1, 0), true, {}, plain);
    x = norm_into(norm_at(model, 5), nhwc_conv(x, conv_at(model, 4), 2, 1), true, {}, plain);
    // The blocks' input, reflection-padded once for their first conv; its interior is the
    // residual.
    x = norm_into(norm_at(model, 8), nhwc_conv(x, conv_at(model, 7), 2, 1), true, {},
                  n > 0 ? reflect1 : up_input(0, 1));
    for (int i = 0; i < n; ++i) {
      auto& seq = model[10 + i]->as<ResnetBlockImpl>()->conv_block;
      const size_t second = seq->size() == 8 ? 6 : 5;  // conv_block.6 with dropout (eval: no-op)
      torch::Tensor y = norm_into(norm_at(seq, 2), nhwc_conv(x, conv_at(seq, 1), 1, 0), true, {},
                                  reflect1);
      y = nhwc_conv(y, conv_at(seq, second), 1, 0);
      x = norm_into(norm_at(seq, second + 1), y, false, nhwc::interior(x, reflect1),
                    i + 1 < n ? reflect1 : up_input(0, 1));
    }
    for (int i = 0; i < kSamplings; ++i) {
      const torch::Tensor z = torch::conv2d(x, ups[i].weight, ups[i].bias);
      x = norm_into(norm_at(model, 10 + n + 3 * i + 1), z, true, {},
                    i + 1 < kSamplings ? up_input(i + 1, kUpStride) : [&] {
                      nhwc::Layout l = reflect3;
                      l.shuffle = kUpStride;
                      return l;
                    }());
    }
    const torch::Tensor z = nhwc_conv(x, conv_at(model, 17 + n), 1, 0);
    return spec().input_skip ? layers::skip_tanh(z, input) : torch::tanh(z);
  }

  torch::nn::Sequential model;
};

}  // namespace

std::shared_ptr<Network> make_resnet_generator(const NetworkSpec& spec) {
  return std::make_shared<ResnetGenerator>(spec);
}

}  // namespace cyclegan
