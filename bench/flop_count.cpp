#include "bench/flop_count.h"

#include <algorithm>

#include "base/errors.h"

namespace cyclegan {

namespace {

// Output size of a conv: floor((in + 2 pad - k) / stride) + 1.
int64_t conv_out(int64_t in, int kernel, int stride, int pad) {
  return (in + 2 * pad - kernel) / stride + 1;
}

// Adds one conv layer to `m`; returns its output size through h, w.
void add_conv(NetworkMacs& m, int64_t& h, int64_t& w, int cin, int cout, int k, int stride, int pad,
              bool first) {
  h = conv_out(h, k, stride, pad);
  w = conv_out(w, k, stride, pad);
  const double macs = double(h) * w * k * k * cin * cout;
  m.forward += macs;
  if (first) m.first_layer += macs;
}

// Transposed conv, counted per input pixel; output = (in - 1) stride - 2 pad + k + out_pad.
void add_transposed(NetworkMacs& m, int64_t& h, int64_t& w, int cin, int cout, int k, int stride,
                    int pad, int out_pad) {
  m.forward += double(h) * w * k * k * cin * cout;
  h = (h - 1) * stride - 2 * pad + k + out_pad;
  w = (w - 1) * stride - 2 * pad + k + out_pad;
}

// models/resnet_generator.cpp: pad 3 + conv 7, two stride-2 3x3 convs, blocks of two 3x3
// convs (reflection pad 1), two transposed 3x3 convs, pad 3 + conv 7.
NetworkMacs resnet(const NetworkSpec& s, int64_t h, int64_t w) {
  NetworkMacs m;
  const int ngf = s.width;
  add_conv(m, h, w, s.in_channels, ngf, 7, 1, 3, true);
  add_conv(m, h, w, ngf, 2 * ngf, 3, 2, 1, false);
  add_conv(m, h, w, 2 * ngf, 4 * ngf, 3, 2, 1, false);
  for (int i = 0; i < 2 * s.depth; ++i) add_conv(m, h, w, 4 * ngf, 4 * ngf, 3, 1, 1, false);
  add_transposed(m, h, w, 4 * ngf, 2 * ngf, 3, 2, 1, 1);
  add_transposed(m, h, w, 2 * ngf, ngf, 3, 2, 1, 1);
  add_conv(m, h, w, ngf, s.out_channels, 7, 1, 3, false);
  return m;
}

// models/unet_generator.cpp: level l (0 = outermost) maps outer_nc(l) channels at H/2^l to
// inner_nc(l) at H/2^(l+1) with a 4x4/2 conv and back with a 4x4/2 transposed conv whose input
// is the concatenation of the skip and the inner output (2 inner_nc), except at the bottom.
NetworkMacs unet(const NetworkSpec& s, int64_t h, int64_t w) {
  NetworkMacs m;
  const int ngf = s.width;
  const int levels = s.depth;
  auto inner_nc = [&](int l) { return ngf * std::min(1 << l, 8); };
  for (int l = 0; l < levels; ++l) {
    const int in_nc = l == 0 ? s.in_channels : inner_nc(l - 1);
    const int out_nc = l == 0 ? s.out_channels : inner_nc(l - 1);
    const int up_in = l == levels - 1 ? inner_nc(l) : 2 * inner_nc(l);
    int64_t dh = h >> l, dw = w >> l;
    add_conv(m, dh, dw, in_nc, inner_nc(l), 4, 2, 1, l == 0);
    add_transposed(m, dh, dw, up_in, out_nc, 4, 2, 1, 0);
  }
  return m;
}

// models/discriminators.cpp: 4x4 convs, padding 1, stride 2 except the last two.
NetworkMacs nlayer(const NetworkSpec& s, int64_t h, int64_t w) {
  NetworkMacs m;
  const int ndf = s.width;
  add_conv(m, h, w, s.in_channels, ndf, 4, 2, 1, true);
  int mult = 1;
  for (int n = 1; n <= s.depth; ++n) {
    const int prev = mult;
    mult = std::min(1 << n, 8);
    add_conv(m, h, w, ndf * prev, ndf * mult, 4, n < s.depth ? 2 : 1, 1, false);
  }
  add_conv(m, h, w, ndf * mult, 1, 4, 1, 1, false);
  return m;
}

NetworkMacs pixel(const NetworkSpec& s, int64_t h, int64_t w) {
  NetworkMacs m;
  add_conv(m, h, w, s.in_channels, s.width, 1, 1, 0, true);
  add_conv(m, h, w, s.width, 2 * s.width, 1, 1, 0, false);
  add_conv(m, h, w, 2 * s.width, 1, 1, 1, 0, false);
  return m;
}

}  // namespace

NetworkMacs network_macs(const NetworkSpec& spec, int64_t h, int64_t w) {
  if (h < 1 || w < 1) throw InputError("FLOP count: the image size must be positive.");
  switch (spec.kind) {
    case NetKind::ResnetGenerator: return resnet(spec, h, w);
    case NetKind::UnetGenerator: return unet(spec, h, w);
    case NetKind::NLayerDiscriminator: return nlayer(spec, h, w);
    case NetKind::PixelDiscriminator: return pixel(spec, h, w);
  }
  return {};
}

double iteration_macs(const NetworkSpec& generator, const NetworkSpec& discriminator, int64_t h,
                      int64_t w, int64_t batch, bool identity_loss) {
  const NetworkMacs g = network_macs(generator, h, w);
  const NetworkMacs d = network_macs(discriminator, h, w);
  // G and F passes: G(A), F(G(A)), F(B), G(F(B)) [+ G(B), F(A)]; two of them (the cycles) take
  // a generated input, which needs the first layer's input gradient too.
  const int passes = identity_loss ? 6 : 4;
  const int data_inputs = passes - 2;
  const double gen = passes * (3 * g.forward) - data_inputs * g.first_layer;
  // D_A(G(A)), D_B(F(B)) with frozen weights: forward + input gradients.
  const double d_in_g_step = 2 * (2 * d.forward);
  // Four D passes (real and pooled fake per D): forward + weight and input gradients, but no
  // input gradient for the first layer.
  const double d_step = 4 * (3 * d.forward - d.first_layer);
  return batch * (gen + d_in_g_step + d_step);
}

}  // namespace cyclegan
