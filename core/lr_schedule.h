// Learning-rate schedules: the official 'linear' policy (models/networks.py get_scheduler), and
// a budget version of the same shape for runs bounded by iterations or minutes.
//
// Official: lr = base * lambda(e), lambda(e) = 1 - max(0, e + epoch_count - n_epochs) /
// (n_epochs_decay + 1), with e the number of scheduler steps taken, one per epoch. We step at
// the end of each epoch, as the official code did for years (and as the paper describes: the
// same rate for n_epochs, then a linear decay towards zero over n_epochs_decay), so 1-based epoch
// k trains at lambda(k - 1): epochs 1..100 at the full rate, epoch 200 at 1/101 of it. (The
// current official train.py steps at the start of each epoch instead, which shifts everything
// by one and makes the last epoch train at rate 0.)
//
// Budget: when the run is bounded by iterations or minutes, the number of epochs is not known
// in advance. The same shape is then applied to the fraction p of the budget used (the largest
// of iterations done / iteration budget and minutes spent / minute budget): full rate while
// p < keep (0.5, as 100 of 200 epochs), then linear to 0 at p = 1, evaluated every iteration.
// A time budget makes the rate depend on the machine's speed, so such runs are not
// bit-reproducible; iteration and epoch budgets are.
#pragma once

#include <cstdint>

namespace cyclegan {

// The official lambda_rule, verbatim: e = scheduler steps taken (0 before the first).
double official_linear_factor(int64_t e, int64_t epoch_count, int64_t n_epochs, int64_t n_epochs_decay);

// The budget shape: 1 while fraction < keep, then 1 - (fraction - keep) / (1 - keep), >= 0.
double budget_linear_factor(double fraction, double keep = 0.5);

// What the trainer asks: the factor for the current position.
class LinearSchedule {
 public:
  // Per-epoch official schedule (epoch_count 1: a fresh run; resume keeps its position itself).
  static LinearSchedule per_epoch(int64_t n_epochs, int64_t n_epochs_decay);
  // Budget schedule; a budget <= 0 is not set. With none set it stays at factor 1.
  static LinearSchedule per_budget(int64_t iteration_budget, double seconds_budget, double keep = 0.5);

  // 1-based epoch being trained, iterations done so far (all runs), seconds spent (all runs).
  double factor(int64_t epoch, int64_t iterations_done, double seconds_spent) const;
  // How much of the run is done, 0..1 (and beyond when a run goes past its budget): the budget
  // fraction, or completed epochs / (n_epochs + n_epochs_decay). 0 with no budget set.
  double progress(int64_t epoch, int64_t iterations_done, double seconds_spent) const;

  bool by_epoch() const { return by_epoch_; }
  int64_t n_epochs() const { return n_epochs_; }
  int64_t n_epochs_decay() const { return n_epochs_decay_; }

 private:
  bool by_epoch_ = true;
  int64_t n_epochs_ = 100, n_epochs_decay_ = 100;
  int64_t iteration_budget_ = 0;
  double seconds_budget_ = 0;
  double keep_ = 0.5;
};

}  // namespace cyclegan
