#include "core/pass_limit.h"

#include <string>

namespace cyclegan {

PassLimitedBudget apply_pass_limit(int64_t budget_iterations, bool bounded_by_time, bool epochs_asked,
                                   int64_t max_passes, int64_t iterations_per_pass) {
  PassLimitedBudget kept{budget_iterations, false};
  if (epochs_asked || max_passes <= 0 || (budget_iterations == 0 && !bounded_by_time)) return kept;
  const int64_t limit = max_passes * iterations_per_pass;
  if (budget_iterations == 0 || budget_iterations > limit) kept = {limit, true};
  return kept;
}

Message pass_limit_sentence(int64_t passes, size_t images) {
  return Message{
      CYCLEGAN_MESSAGE("Training stopped after %1$s passes over the %2$s images of the larger domain, before the "
                       "budget asked for: with this few images, training longer makes the discriminators learn "
                       "them by heart and the model worse. More images allow a longer run."),
      {std::to_string(passes), std::to_string(images)}};
}

}  // namespace cyclegan
