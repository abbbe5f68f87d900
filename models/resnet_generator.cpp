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
#include <map>
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

// The output layer (reflection pad 3, 7x7 conv to 3 channels) at full resolution leaves
// oneDNN's 16-channel output blocks 13/16 empty (45 GFLOP/s where the blocks reach 250). On
// the 2x2 space-to-depth image (4 ngf channels, padded by kS2dPad full-resolution pixels) it
// is a 5x5 conv with 4 * 3 outputs, the output phases: output row 2m + a' reads padded rows
// 2m + a' + ky (ky < 7), and space-to-depth row m + u holds padded rows 2(m + u) + a - 1 of
// the 3-padded image, so ky = 2u + a - a' - 1. Measured 424 -> 245 ms at 1024x1024.
constexpr int kOutKernel = 7, kOutPad = 3, kS2dPad = 4, kS2dKernel = 5;

// [4 * Cout, 4 * Cin, 5, 5] in (row phase, column phase, channel) order on both sides.
torch::Tensor space_to_depth_kernel(const torch::Tensor& weight) {
  const int64_t cout = weight.size(0), cin = weight.size(1);
  const torch::Tensor w = weight.detach().to(torch::kFloat32).contiguous();
  torch::Tensor kernel = torch::zeros({2, 2, cout, 2, 2, cin, kS2dKernel, kS2dKernel});
  auto kv = kernel.accessor<float, 8>();
  auto wv = w.accessor<float, 4>();
  for (int a2 = 0; a2 < 2; ++a2)
    for (int b2 = 0; b2 < 2; ++b2)
      for (int a = 0; a < 2; ++a)
        for (int b = 0; b < 2; ++b)
          for (int u = 0; u < kS2dKernel; ++u)
            for (int v = 0; v < kS2dKernel; ++v) {
              const int ky = 2 * u + a - a2 - (kS2dPad - kOutPad);
              const int kx = 2 * v + b - b2 - (kS2dPad - kOutPad);
              if (ky < 0 || ky >= kOutKernel || kx < 0 || kx >= kOutKernel) continue;
              for (int64_t co = 0; co < cout; ++co)
                for (int64_t ci = 0; ci < cin; ++ci)
                  kv[a2][b2][co][a][b][ci][u][v] = wv[co][ci][ky][kx];
            }
  return kernel.view({4 * cout, 4 * cin, kS2dKernel, kS2dKernel})
      .contiguous(at::MemoryFormat::ChannelsLast);
}

// The generator's weights in the forms forward_nhwc uses, rebuilt when a parameter changes
// (its storage or its version counter): converting them on every call cost 0.14 s per
// 1024x1024 forward, and as much again for every tile.
struct NhwcWeights {
  std::vector<std::pair<const void*, int64_t>> key;
  std::map<const torch::nn::Conv2dImpl*, torch::Tensor> convs;  // channels_last
  std::vector<PhaseConv> ups;
  torch::Tensor out_weight, out_bias;  // the output layer on the space-to-depth image
};

std::vector<std::pair<const void*, int64_t>> parameter_key(const torch::nn::Module& net) {
  std::vector<std::pair<const void*, int64_t>> key;
  for (const auto& p : net.parameters())
    key.emplace_back(p.data_ptr(), p.is_inference() ? -1 : static_cast<int64_t>(p._version()));
  return key;
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
    model->push_back(torch::nn::ReflectionPad2d(kOutPad));
    model->push_back(layers::conv(ngf, s.out_channels, kOutKernel, 1, 0, /*bias=*/true));  // always biased
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
    const auto [mean, var] = norm.statistics(
        y, groups, [&](const torch::Tensor& t) { return nhwc::mean_var(t, groups); });
    return nhwc::normalise(y, mean, var, kInstanceNormEps, relu, residual, layout);
  }

  torch::nn::Conv2dImpl& conv_at(torch::nn::Sequential& seq, size_t i) {
    return *seq[i]->as<torch::nn::Conv2dImpl>();
  }

  // Rebuilds weights_ if any parameter changed since it was built.
  const NhwcWeights& nhwc_weights() {
    auto key = parameter_key(*this);
    if (key == weights_.key) return weights_;
    torch::NoGradGuard no_grad;
    NhwcWeights w;
    for (const auto& m : modules(/*include_self=*/false))
      if (const auto* conv = dynamic_cast<const torch::nn::Conv2dImpl*>(m.get()))
        w.convs[conv] = conv->weight.detach().contiguous(at::MemoryFormat::ChannelsLast);
    const int n = spec().depth;
    for (int i = 0; i < kSamplings; ++i) {
      const auto& up = *model[10 + n + 3 * i]->as<ConvTransposeImpl>();
      // The pads do not depend on the input size (output = 2x input): any size will do.
      w.ups.push_back(phase_conv(up.weight, up.bias, 4, 4));
    }
    const auto& out = conv_at(model, 17 + n);
    w.out_weight = space_to_depth_kernel(out.weight);
    w.out_bias = out.bias.detach().repeat({4});
    w.key = std::move(key);
    weights_ = std::move(w);
    return weights_;
  }

  torch::Tensor forward_nhwc(const torch::Tensor& input) {
    const int n = spec().depth;
    const NhwcWeights& weights = nhwc_weights();
    // conv's cached weights and its bias; strides and paddings are the architecture's.
    const auto conv = [&](const torch::Tensor& x, torch::nn::Sequential& seq, size_t i,
                          int stride, int padding) {
      const auto& c = conv_at(seq, i);
      return torch::conv2d(x, weights.convs.at(&c), c.bias, stride, padding);
    };
    const nhwc::Layout plain;  // for the stride-2 convs, which zero-pad by themselves
    nhwc::Layout reflect1;
    std::fill(reflect1.pad, reflect1.pad + 4, 1);
    // Output of the norm before up conv i: zero-padded as that phase convolution reads it.
    const auto up_input = [&](int i, int shuffle) {
      nhwc::Layout l;
      l.shuffle = shuffle;
      l.reflect = false;
      std::copy(weights.ups[i].pad, weights.ups[i].pad + 4, l.pad);
      return l;
    };
    nhwc::Layout s2d;  // the last norm's output: reflection-padded, space-to-depth
    s2d.shuffle = s2d.unshuffle = 2;
    std::fill(s2d.pad, s2d.pad + 4, kS2dPad);

    torch::Tensor x =
        torch::reflection_pad2d(input, {3, 3, 3, 3}).contiguous(at::MemoryFormat::ChannelsLast);
    x = norm_into(norm_at(model, 2), conv(x, model, 1, 1, 0), true, {}, plain);
    x = norm_into(norm_at(model, 5), conv(x, model, 4, 2, 1), true, {}, plain);
    // The blocks' input, reflection-padded once for their first conv; its interior is the
    // residual.
    x = norm_into(norm_at(model, 8), conv(x, model, 7, 2, 1), true, {},
                  n > 0 ? reflect1 : up_input(0, 1));
    for (int i = 0; i < n; ++i) {
      auto& seq = model[10 + i]->as<ResnetBlockImpl>()->conv_block;
      const size_t second = seq->size() == 8 ? 6 : 5;  // conv_block.6 with dropout (eval: no-op)
      torch::Tensor y = norm_into(norm_at(seq, 2), conv(x, seq, 1, 1, 0), true, {}, reflect1);
      y = conv(y, seq, second, 1, 0);
      x = norm_into(norm_at(seq, second + 1), y, false, nhwc::interior(x, reflect1),
                    i + 1 < n ? reflect1 : up_input(0, 1));
    }
    for (int i = 0; i < kSamplings; ++i) {
      const torch::Tensor z = torch::conv2d(x, weights.ups[i].weight, weights.ups[i].bias);
      x = norm_into(norm_at(model, 10 + n + 3 * i + 1), z, true, {},
                    i + 1 < kSamplings ? up_input(i + 1, kUpStride) : s2d);
    }
    // Output phases [N, 4 * C, H/2, W/2] -> [N, C, H, W].
    const torch::Tensor z = torch::conv2d(x, weights.out_weight, weights.out_bias);
    const int64_t b = z.size(0), c = z.size(1) / 4, h = z.size(2), w = z.size(3);
    const torch::Tensor out = z.permute({0, 2, 3, 1})
                                  .reshape({b, h, w, 2, 2, c})
                                  .permute({0, 5, 1, 3, 2, 4})
                                  .reshape({b, c, 2 * h, 2 * w});
    return spec().input_skip ? layers::skip_tanh(out, input) : torch::tanh(out);
  }

  NhwcWeights weights_;
  torch::nn::Sequential model;
};

}  // namespace

std::shared_ptr<Network> make_resnet_generator(const NetworkSpec& spec) {
  return std::make_shared<ResnetGenerator>(spec);
}

}  // namespace cyclegan
