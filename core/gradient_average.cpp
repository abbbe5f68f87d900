#include "core/gradient_average.h"

#include <vector>

namespace cyclegan {

void average_gradients(RankGroup& group, torch::optim::Optimizer& optimizer, size_t bucket_bytes) {
  if (group.world_size() == 1) return;
  std::vector<torch::Tensor> grads;
  for (auto& param_group : optimizer.param_groups())
    for (auto& p : param_group.params()) {
      if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
      grads.push_back(p.mutable_grad());
    }
  if (grads.empty()) return;
  // Consecutive parameters fill a bucket until it holds bucket_bytes (one large tensor may
  // make a bucket of its own bigger than that).
  std::vector<std::vector<torch::Tensor>> members(1);
  size_t bytes = 0;
  for (auto& g : grads) {
    if (bytes >= bucket_bytes) {
      members.emplace_back();
      bytes = 0;
    }
    members.back().push_back(g);
    bytes += g.numel() * g.element_size();
  }
  std::vector<torch::Tensor> buckets;
  for (auto& m : members) {
    std::vector<torch::Tensor> flat;
    for (auto& g : m) flat.push_back(g.reshape({-1}));
    buckets.push_back(torch::cat(flat));
  }
  group.sum(buckets);
  const double ranks = group.world_size();
  for (size_t k = 0; k < buckets.size(); ++k) {
    buckets[k].div_(ranks);
    int64_t offset = 0;
    for (auto& g : members[k]) {
      g.copy_(buckets[k].slice(0, offset, offset + g.numel()).view_as(g));
      offset += g.numel();
    }
  }
}

}  // namespace cyclegan
