#include "core/texture_statistics.h"

#include <vector>

namespace cyclegan {

namespace {

// The sizes of the changes between neighbouring pixels (across and down) of `images` after
// `scale` x `scale` block averages: N x C x (changes per image).
torch::Tensor neighbour_changes(const torch::Tensor& images, int scale) {
  const torch::Tensor y = scale == 1 ? images : torch::avg_pool2d(images, scale, scale);
  const torch::Tensor across = y.slice(3, 1) - y.slice(3, 0, -1);
  const torch::Tensor down = y.slice(2, 1) - y.slice(2, 0, -1);
  return torch::cat({across.flatten(2), down.flatten(2)}, 2).abs();
}

// The ranks, among n sorted values, of kTextureQuantiles evenly spaced quantiles.
torch::Tensor quantile_ranks(int64_t n, torch::Device device) {
  return ((torch::arange(kTextureQuantiles, torch::kDouble) + 0.5) * (static_cast<double>(n) / kTextureQuantiles))
      .floor().clamp(0, n - 1).to(torch::kLong).to(device);
}

// kTextureQuantiles evenly spaced quantiles along the last dimension.
torch::Tensor quantiles(const torch::Tensor& sizes) {
  const torch::Tensor sorted = std::get<0>(sizes.sort(-1));
  return sorted.index_select(-1, quantile_ranks(sorted.size(-1), sizes.device()));
}

// The quantiles that quantiles() reads, from a histogram of each row instead of a sort: many
// rows of thousands of changes sort slowly on a CPU, while counting them is one pass. Changes of
// images in [-1, 1] lie in [0, 2]; each is read as the centre of its bin.
constexpr int64_t kHistogramBins = 8192;

torch::Tensor quantiles_from_histograms(const torch::Tensor& sizes) {
  const int64_t n = sizes.size(-1);
  const torch::Tensor rows = sizes.reshape({-1, n});
  const int64_t count = rows.size(0);
  const torch::Tensor bins =
      (rows * (kHistogramBins / 2.0)).floor().clamp(0, kHistogramBins - 1).to(torch::kLong) +
      torch::arange(count, rows.options().dtype(torch::kLong)).unsqueeze(1) * kHistogramBins;
  const torch::Tensor cumulative =
      torch::bincount(bins.flatten(), {}, count * kHistogramBins).view({count, kHistogramBins}).cumsum(1);
  const torch::Tensor ranks = quantile_ranks(n, sizes.device());
  // The bin that holds the element of each rank: the first whose cumulative count exceeds it.
  const torch::Tensor bin = torch::searchsorted(cumulative, ranks.unsqueeze(0).expand({count, -1}).contiguous(),
                                                /*out_int32=*/false, /*right=*/true);
  std::vector<int64_t> shape = sizes.sizes().vec();
  shape.back() = kTextureQuantiles;
  return ((bin.to(sizes.dtype()) + 0.5) * (2.0 / kHistogramBins)).view(shape);
}

}  // namespace

torch::Tensor texture_statistics(const torch::Tensor& images) {
  std::vector<torch::Tensor> per_scale;
  for (int scale : {1, 2, 4})
    per_scale.push_back(quantiles(neighbour_changes(images, scale).transpose(0, 1).flatten(1)));
  return torch::stack(per_scale);
}

torch::Tensor texture_statistics_each(const torch::Tensor& images) {
  std::vector<torch::Tensor> per_scale;
  for (int scale : {1, 2, 4}) per_scale.push_back(quantiles_from_histograms(neighbour_changes(images, scale)));
  return torch::stack(per_scale, 1);
}

torch::Tensor texture_gain(const torch::Tensor& from, const torch::Tensor& to) {
  return (to + kTextureFloor) / (from + kTextureFloor);
}

double largest_mean_texture_gain(const torch::Tensor& from, const torch::Tensor& to) {
  return ((to + kTextureFloor).sum(-1) / (from + kTextureFloor).sum(-1)).max().item<double>();
}

torch::Tensor texture_change_loss(const torch::Tensor& fake, const torch::Tensor& source, const torch::Tensor& gain) {
  const torch::Tensor target =
      (texture_statistics(source.detach()) + kTextureFloor) * gain.to(fake.options()) - kTextureFloor;
  // Mean over quantiles (a 1-D Wasserstein distance), summed over channels and scales.
  return torch::l1_loss(texture_statistics(fake), target) * (3 * fake.size(1));
}

}  // namespace cyclegan
