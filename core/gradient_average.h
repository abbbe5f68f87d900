// The gradient half of data parallelism, as PyTorch's DistributedDataParallel does it: after the
// backward pass every rank's gradients are flattened into a few large buckets, summed across
// ranks with one all-reduce per bucket and divided by the number of ranks, so that each rank
// steps its optimizer with the gradient of the loss averaged over the whole global batch.
#pragma once

#include <cstddef>

#include <torch/torch.h>

#include "core/rank_group.h"

namespace cyclegan {

// DDP's default bucket_cap_mb: large enough that per-message latency vanishes, small enough
// that a bucket's copy stays cheap next to the exchange.
constexpr size_t kGradientBucketBytes = 25u << 20;

// Replaces the gradient of every parameter of `optimizer` by its mean over the ranks of
// `group`. A parameter without a gradient counts as a zero one (every rank must send the same
// buckets). Does nothing in a group of one.
void average_gradients(RankGroup& group, torch::optim::Optimizer& optimizer,
                       size_t bucket_bytes = kGradientBucketBytes);

}  // namespace cyclegan
