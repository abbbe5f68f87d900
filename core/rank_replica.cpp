#include "core/rank_replica.h"

#include <vector>

#include "core/gradient_average.h"

namespace cyclegan {

Replica replica_of(RankGroup& group) {
  Replica r;
  r.rank = group.rank();
  r.world_size = group.world_size();
  r.average_gradients = [&group](torch::optim::Optimizer& optimizer) { average_gradients(group, optimizer); };
  // One maximum over the ranks: the others send -1 seconds and no time budget, so rank 0's pass.
  r.agree = [&group](const JobPace& mine) {
    const bool rank0 = group.rank() == 0;
    std::vector<torch::Tensor> pace{torch::tensor(
        {rank0 ? mine.seconds : -1.0, rank0 && mine.time_up ? 1.0 : 0.0, mine.cancel ? 1.0 : 0.0}, torch::kDouble)};
    group.max(pace);
    JobPace job;
    job.seconds = pace[0][0].item<double>();
    job.time_up = pace[0][1].item<double>() > 0;
    job.cancel = pace[0][2].item<double>() > 0;
    return job;
  };
  return r;
}

}  // namespace cyclegan
