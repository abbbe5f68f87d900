// A Trainer's Replica (trainer.h) on a RankGroup: gradients averaged in buckets
// (gradient_average.h) and the pace of the job (rank 0's clock, any rank's stop) agreed by one
// small all-reduce before each iteration.
#pragma once

#include "core/rank_group.h"
#include "core/trainer.h"

namespace cyclegan {

// `group` must outlive the trainer that joins with the result.
Replica replica_of(RankGroup& group);

}  // namespace cyclegan
