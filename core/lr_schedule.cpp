#include "core/lr_schedule.h"

#include <algorithm>

namespace cyclegan {

double official_linear_factor(int64_t e, int64_t epoch_count, int64_t n_epochs, int64_t n_epochs_decay) {
  return 1.0 - static_cast<double>(std::max<int64_t>(0, e + epoch_count - n_epochs)) /
                   static_cast<double>(n_epochs_decay + 1);
}

double budget_linear_factor(double fraction, double keep) {
  if (fraction < keep) return 1.0;
  if (keep >= 1.0) return 1.0;
  return std::max(0.0, 1.0 - (fraction - keep) / (1.0 - keep));
}

LinearSchedule LinearSchedule::per_epoch(int64_t n_epochs, int64_t n_epochs_decay) {
  LinearSchedule s;
  s.by_epoch_ = true;
  s.n_epochs_ = n_epochs;
  s.n_epochs_decay_ = n_epochs_decay;
  return s;
}

LinearSchedule LinearSchedule::per_budget(int64_t iteration_budget, double seconds_budget, double keep) {
  LinearSchedule s;
  s.by_epoch_ = false;
  s.iteration_budget_ = iteration_budget;
  s.seconds_budget_ = seconds_budget;
  s.keep_ = keep;
  return s;
}

double LinearSchedule::factor(int64_t epoch, int64_t iterations_done, double seconds_spent) const {
  if (by_epoch_) return official_linear_factor(epoch - 1, /*epoch_count=*/1, n_epochs_, n_epochs_decay_);
  return budget_linear_factor(progress(epoch, iterations_done, seconds_spent), keep_);
}

double LinearSchedule::progress(int64_t epoch, int64_t iterations_done, double seconds_spent) const {
  if (by_epoch_) {
    const int64_t total = n_epochs_ + n_epochs_decay_;
    return total > 0 ? static_cast<double>(epoch - 1) / static_cast<double>(total) : 0.0;
  }
  double fraction = 0;
  if (iteration_budget_ > 0)
    fraction = std::max(fraction, static_cast<double>(iterations_done) / static_cast<double>(iteration_budget_));
  if (seconds_budget_ > 0) fraction = std::max(fraction, seconds_spent / seconds_budget_);
  return fraction;
}

}  // namespace cyclegan
