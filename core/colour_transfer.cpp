#include "core/colour_transfer.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "base/errors.h"

namespace cyclegan {

namespace {

// f(S) for a symmetric S: f applied to its eigenvalues, recomposed on its eigenvectors.
template <typename OfEigenvalues>
torch::Tensor symmetric_function(const torch::Tensor& s, OfEigenvalues f) {
  auto [values, vectors] = torch::linalg_eigh(s, "L");
  return vectors.matmul(torch::diag(f(values))).matmul(vectors.transpose(0, 1));
}

// S^power for a symmetric positive semi-definite S.
torch::Tensor symmetric_power(const torch::Tensor& s, double power) {
  return symmetric_function(s, [power](const torch::Tensor& v) { return v.clamp_min(1e-12).pow(power); });
}

torch::Tensor floored(const torch::Tensor& covariance) {
  return covariance + torch::eye(3, covariance.options()) * (kColourFloor * kColourFloor);
}

torch::Tensor target_covariance(const ColourStatistics& to, ColourFloor floor) {
  return floor == ColourFloor::BothDomains ? floored(to.covariance) : to.covariance;
}

// Both domains' colour in Y'CbCr, luma apart from the chroma that luma does not explain.
struct TonesAndChroma {
  torch::Tensor to_ycc;            // Rec. 601 rows, applied to the networks' units
  double var_a = 0, var_b = 0;     // luma variances
  torch::Tensor slope_a, slope_b;  // chroma's regression on luma
  torch::Tensor rest_a, rest_b;    // the chroma covariance left once luma is accounted for
};

TonesAndChroma tones_and_chroma(const ColourStatistics& from, const ColourStatistics& to, ColourFloor floor) {
  TonesAndChroma t;
  // An offset does not matter here.
  t.to_ycc = torch::tensor({0.299, 0.587, 0.114, -0.168736, -0.331264, 0.5, 0.5, -0.418688, -0.081312},
                           torch::kFloat64).reshape({3, 3});
  const torch::Tensor sa = t.to_ycc.matmul(floored(from.covariance)).matmul(t.to_ycc.t());
  const torch::Tensor sb = t.to_ycc.matmul(target_covariance(to, floor)).matmul(t.to_ycc.t());
  t.var_a = sa[0][0].item<double>();
  t.var_b = sb[0][0].item<double>();
  t.slope_a = sa.slice(0, 1, 3).select(1, 0) / t.var_a;
  t.slope_b = sb.slice(0, 1, 3).select(1, 0) / t.var_b;
  t.rest_a = sa.slice(0, 1, 3).slice(1, 1, 3) - torch::outer(t.slope_a, t.slope_a) * t.var_a;
  t.rest_b = sb.slice(0, 1, 3).slice(1, 1, 3) - torch::outer(t.slope_b, t.slope_b) * t.var_b;
  return t;
}

// The least-change linear map carrying covariance sa onto sb (any size):
// sa^-1/2 (sa^1/2 sb sa^1/2)^1/2 sa^-1/2. It is symmetric; with max_gain > 0 its eigenvalues
// (the gains along its own axes) are clamped to max_gain.
torch::Tensor least_change_map(const torch::Tensor& sa, const torch::Tensor& sb, double max_gain = 0) {
  const torch::Tensor sa_half = symmetric_power(sa, 0.5), sa_inv_half = symmetric_power(sa, -0.5);
  const torch::Tensor middle = symmetric_power(sa_half.matmul(sb).matmul(sa_half), 0.5);
  const torch::Tensor map = sa_inv_half.matmul(middle).matmul(sa_inv_half);
  if (max_gain <= 0) return map;
  return symmetric_function((map + map.transpose(0, 1)) / 2,
                            [max_gain](const torch::Tensor& gains) { return gains.clamp_max(max_gain); });
}

// [t | mu_b - t mu_a]: the linear part t with the offset that carries one mean onto the other.
torch::Tensor with_offset(const torch::Tensor& t, const ColourStatistics& from, const ColourStatistics& to) {
  const torch::Tensor offset = to.mean - t.matmul(from.mean);
  return torch::cat({t, offset.unsqueeze(1)}, 1);
}

}  // namespace

ColourStatistics colour_statistics(const ImageSource& source, size_t max_images, uint64_t seed) {
  if (source.size == 0 || max_images == 0) throw InputError("Colour statistics need at least one image.");
  std::mt19937_64 rng(seed);
  const size_t count = std::min(source.size, max_images);
  torch::Tensor sum = torch::zeros({3}, torch::kFloat64);
  torch::Tensor products = torch::zeros({3, 3}, torch::kFloat64);
  int64_t pixels = 0;
  for (size_t i = 0; i < count; ++i) {
    const torch::Tensor image = source.sample(i * source.size / count, rng);
    if (image.dim() != 3 || image.size(0) != 3) throw InputError("Colour statistics need RGB samples.");
    const torch::Tensor x = image.to(torch::kFloat64).reshape({3, -1});
    sum += x.sum(1);
    products += x.matmul(x.transpose(0, 1));
    pixels += x.size(1);
  }
  ColourStatistics s;
  s.mean = sum / static_cast<double>(pixels);
  s.covariance = products / static_cast<double>(pixels) - torch::outer(s.mean, s.mean);
  return s;
}

torch::Tensor linear_colour_transfer(const ColourStatistics& from, const ColourStatistics& to, ColourFloor floor,
                                     double max_gain) {
  return with_offset(least_change_map(floored(from.covariance), target_covariance(to, floor), max_gain), from, to);
}

torch::Tensor luminance_first_colour_transfer(const ColourStatistics& from, const ColourStatistics& to,
                                              ColourFloor floor, double max_gain) {
  const TonesAndChroma t = tones_and_chroma(from, to, floor);
  const double gain = std::sqrt(t.var_b / t.var_a);
  const torch::Tensor chroma = least_change_map(t.rest_a, t.rest_b, max_gain);
  // In Y'CbCr: y' = gain y;  c' = slope_b y' + chroma (c - slope_a y).
  torch::Tensor in_ycc = torch::zeros({3, 3}, torch::kFloat64);
  in_ycc[0][0] = gain;
  in_ycc.slice(0, 1, 3).select(1, 0).copy_(t.slope_b * gain - chroma.matmul(t.slope_a));
  in_ycc.slice(0, 1, 3).slice(1, 1, 3).copy_(chroma);
  return with_offset(torch::linalg_inv(t.to_ycc).matmul(in_ycc).matmul(t.to_ycc), from, to);
}

double largest_chroma_gain(const ColourStatistics& from, const ColourStatistics& to, ColourFloor floor) {
  const TonesAndChroma t = tones_and_chroma(from, to, floor);
  return torch::linalg_eigvalsh(least_change_map(t.rest_a, t.rest_b), "L").max().item<double>();
}

void start_generator_as_colour_map(Network& generator, const torch::Tensor& map) {
  auto params = generator.named_parameters();
  torch::Tensor* weight = params.find("colour.weight");
  torch::Tensor* bias = params.find("colour.bias");
  if (!weight || !bias || weight->size(0) != 3 || weight->size(1) != 3)
    throw InputError("Only a 3-channel generator with a colour path can start as a colour map.");
  torch::NoGradGuard no_grad;
  const int64_t centre_y = weight->size(2) / 2, centre_x = weight->size(3) / 2;
  // The path adds to its input: out = x + L(x), so L's centre tap holds T - I.
  const torch::Tensor linear = (map.slice(1, 0, 3) - torch::eye(3, map.options())).to(weight->dtype());
  weight->zero_();
  weight->select(3, centre_x).select(2, centre_y).copy_(linear);
  bias->copy_(map.select(1, 3).to(bias->dtype()));
}

}  // namespace cyclegan
