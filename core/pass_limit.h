// A run bounded by minutes or iterations on a small set ends after a number of passes over the
// larger domain's images (TrainPreset::max_passes): past it the discriminators learn the few
// images by heart and the model gets worse. What the run is told, and the sentence it shows.
#pragma once

#include <cstddef>
#include <cstdint>

#include "base/errors.h"

namespace cyclegan {

// The iteration budget a run keeps: `budget_iterations` (0: none) lowered to `max_passes` passes of
// `iterations_per_pass` each, where the limit applies (max_passes > 0 and no epochs budget, which
// the user asked for in passes already). `limited` says whether the limit replaced the budget.
struct PassLimitedBudget {
  int64_t iterations = 0;
  bool limited = false;
};
PassLimitedBudget apply_pass_limit(int64_t budget_iterations, bool bounded_by_time, bool epochs_asked,
                                   int64_t max_passes, int64_t iterations_per_pass);

// Why the run ended before its budget, in a catalog format the plug-in shows in the user's language.
Message pass_limit_sentence(int64_t passes, size_t images);

}  // namespace cyclegan
