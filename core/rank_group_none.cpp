// RankGroup for builds without LibTorch's Gloo backend (meson found no ProcessGroupGloo.hpp or
// no Gloo headers): single-process training only.
#include "core/rank_group.h"

#include "base/errors.h"

namespace cyclegan {

struct RankGroup::Impl {};

bool RankGroup::available() { return false; }

RankGroup::RankGroup(const RankSetup&) {
  throw InputError("This build of cyclegan has no distributed support (it was built without LibTorch's "
                   "Gloo backend), so it trains in one process only.");
}

RankGroup::~RankGroup() = default;
int RankGroup::rank() const { return 0; }
int RankGroup::world_size() const { return 1; }
void RankGroup::sum(std::vector<torch::Tensor>&) {}
void RankGroup::max(std::vector<torch::Tensor>&) {}
void RankGroup::broadcast(std::vector<torch::Tensor>&, int) {}

}  // namespace cyclegan
