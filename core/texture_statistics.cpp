#include "core/texture_statistics.h"

#include <vector>

namespace cyclegan {

torch::Tensor texture_statistics(const torch::Tensor& images) {
  const int64_t channels = images.size(1);
  std::vector<torch::Tensor> quantiles;
  for (int scale : {1, 2, 4}) {
    const torch::Tensor y = scale == 1 ? images : torch::avg_pool2d(images, scale, scale);
    const torch::Tensor across = y.slice(3, 1) - y.slice(3, 0, -1);
    const torch::Tensor down = y.slice(2, 1) - y.slice(2, 0, -1);
    const torch::Tensor sizes = torch::cat({across.transpose(0, 1).reshape({channels, -1}),
                                            down.transpose(0, 1).reshape({channels, -1})}, 1).abs();
    const torch::Tensor sorted = std::get<0>(sizes.sort(1));
    const int64_t n = sorted.size(1);
    const torch::Tensor ranks =
        ((torch::arange(kTextureQuantiles, torch::kDouble) + 0.5) * (static_cast<double>(n) / kTextureQuantiles))
            .floor().clamp(0, n - 1).to(torch::kLong).to(images.device());
    quantiles.push_back(sorted.index_select(1, ranks));
  }
  return torch::stack(quantiles);
}

torch::Tensor texture_gain(const torch::Tensor& from, const torch::Tensor& to) {
  return (to + kTextureFloor) / (from + kTextureFloor);
}

double largest_mean_texture_gain(const torch::Tensor& from, const torch::Tensor& to) {
  return ((to + kTextureFloor).sum(-1) / (from + kTextureFloor).sum(-1)).max().item<double>();
}

torch::Tensor texture_change_loss(const torch::Tensor& fake, const torch::Tensor& source, const torch::Tensor& gain) {
  const torch::Tensor target =
      ((texture_statistics(source.detach()) + kTextureFloor) * gain.to(fake.options()) - kTextureFloor).detach();
  // Mean over quantiles (a 1-D Wasserstein distance), summed over channels and scales.
  return torch::l1_loss(texture_statistics(fake), target) * (3 * fake.size(1));
}

}  // namespace cyclegan
