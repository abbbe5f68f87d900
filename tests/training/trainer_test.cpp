// The trainer: epoch length and data order, budgets, hooks, and exact resume.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "base/errors.h"
#include "core/trainer.h"
#include "tests/training/training_fixtures.h"

namespace cyclegan {
namespace {

using testing::pattern_source;
using testing::tiny_config;

// Records which indices the trainer asks for.
ImageSource recording(size_t n, std::vector<size_t>* seen) {
  ImageSource base = pattern_source(n, 16, 0.f);
  ImageSource s;
  s.size = n;
  s.sample = [base, seen](size_t i, std::mt19937_64& rng) {
    seen->push_back(i);
    return base.sample(i, rng);
  };
  return s;
}

TEST(Trainer, EpochIsTheLargerDomainInShuffledOrderWithRandomB) {
  std::vector<size_t> seen_a, seen_b;
  TrainerConfig c = tiny_config();
  c.batch_size = 2;
  Trainer t(c, recording(3, &seen_a), recording(5, &seen_b));
  EXPECT_EQ(t.iterations_per_epoch(), 3);  // ceil(max(3, 5) / 2)
  for (int i = 0; i < 2; ++i) t.train_iteration();
  EXPECT_EQ(t.epoch_of_last_batch(), 1);
  t.train_iteration();
  EXPECT_EQ(t.completed_epochs(), 1);
  EXPECT_EQ(t.epoch(), 2);
  EXPECT_EQ(t.epoch_of_last_batch(), 1);  // the batch that ended epoch 1, which progress shows
  // Indices 0..4 once each, A image i % 3: A 0 and 1 twice, 2 once.
  ASSERT_EQ(seen_a.size(), 5u);
  std::map<size_t, int> count;
  for (size_t i : seen_a) ++count[i];
  EXPECT_EQ(count[0], 2);
  EXPECT_EQ(count[1], 2);
  EXPECT_EQ(count[2], 1);
  ASSERT_EQ(seen_b.size(), 5u);
  for (size_t i : seen_b) EXPECT_LT(i, 5u);
}

TEST(Trainer, StopsAtTheFirstBudgetAndCallsHooks) {
  Trainer t(tiny_config(), pattern_source(2, 16, 0.f), pattern_source(2, 16, 0.5f));
  int iterations = 0, checkpoints = 0, samples = 0;
  RunHooks hooks;
  hooks.after_iteration = [&](const StepLosses&) { ++iterations; };
  hooks.checkpoint = [&] { ++checkpoints; };
  hooks.samples = [&] { ++samples; };
  Budget budget;
  budget.iterations = 5;
  budget.epochs = 10;
  EXPECT_EQ(t.run(budget, hooks), StopReason::Iterations);
  EXPECT_EQ(iterations, 5);
  EXPECT_EQ(t.iteration(), 5);
  EXPECT_EQ(checkpoints, 1);  // at the end
  EXPECT_EQ(samples, 1);
  budget.iterations = 0;
  budget.epochs = 4;  // 2 iterations per epoch: 3 more
  EXPECT_EQ(t.run(budget, hooks), StopReason::Epochs);
  EXPECT_EQ(t.iteration(), 8);
  EXPECT_THROW(t.run(Budget{}, hooks), InputError);
}

TEST(Trainer, CancelStopsAndStillCheckpoints) {
  Trainer t(tiny_config(), pattern_source(2, 16, 0.f), pattern_source(2, 16, 0.5f));
  int checkpoints = 0;
  RunHooks hooks;
  hooks.should_stop = [&] { return t.iteration() >= 2; };
  hooks.checkpoint = [&] { ++checkpoints; };
  Budget budget;
  budget.seconds = 3600;
  EXPECT_EQ(t.run(budget, hooks), StopReason::Cancel);
  EXPECT_EQ(t.iteration(), 2);
  EXPECT_EQ(checkpoints, 1);
}

TEST(Trainer, LateSourcesTakeOverAtTheirFractionOfTheBudget) {
  std::vector<size_t> early_a, early_b, late_a, late_b;
  TrainerConfig c = tiny_config();
  c.batch_size = 2;
  Trainer t(c, recording(4, &early_a), recording(4, &early_b));
  t.set_late_sources(recording(4, &late_a), recording(4, &late_b), 0.4);
  t.set_schedule(LinearSchedule::per_budget(10, 0));
  Budget budget;
  budget.iterations = 10;
  t.run(budget);
  // Iterations 0..3 have progress < 0.4, 4..9 do not; two samples per iteration and domain.
  EXPECT_EQ(early_a.size(), 8u);
  EXPECT_EQ(early_b.size(), 8u);
  EXPECT_EQ(late_a.size(), 12u);
  EXPECT_EQ(late_b.size(), 12u);
  EXPECT_THROW(t.set_late_sources(recording(3, &late_a), recording(4, &late_b), 0.5), InputError);
}

TEST(Trainer, RejectsEmptySources) {
  EXPECT_THROW(Trainer(tiny_config(), pattern_source(0, 16, 0.f), pattern_source(2, 16, 0.f)), InputError);
}

TEST(Trainer, BudgetScheduleReachesZeroAtTheEnd) {
  Trainer t(tiny_config(), pattern_source(2, 16, 0.f), pattern_source(2, 16, 0.5f));
  t.set_schedule(LinearSchedule::per_budget(4, 0));
  EXPECT_DOUBLE_EQ(t.learning_rate(), 2e-4);
  for (int i = 0; i < 3; ++i) t.train_iteration();
  EXPECT_DOUBLE_EQ(t.learning_rate(), 2e-4 * 0.5);  // 3/4 of the budget
}

std::vector<torch::Tensor> all_weights(CycleGanNets& n) {
  std::vector<torch::Tensor> w;
  for (Network* net : {n.g.get(), n.f.get(), n.d_a.get(), n.d_b.get()})
    for (auto& p : net->parameters()) w.push_back(p.detach().clone());
  return w;
}

// The texture term asks each direction for the change between the two domains' textures,
// measured on the training images when the trainer is built (again, alike, on resume).
TEST(Trainer, TheTextureTermMeasuresEachDirectionsTextureGainOnTheImages) {
  const ImageSource sharp = pattern_source(4, 16, 0.f);
  ImageSource soft;
  soft.size = sharp.size;
  soft.sample = [sharp](size_t i, std::mt19937_64& rng) {
    return torch::avg_pool2d(sharp.sample(i, rng).unsqueeze(0), 3, 1, 1, false, false).squeeze(0);
  };
  TrainerConfig c = tiny_config(3);
  c.weights.lambda_texture_stats = 2;
  Trainer trainer(c, sharp, soft);
  const torch::Tensor g = trainer.start_maps().g.texture_gain, f = trainer.start_maps().f.texture_gain;
  ASSERT_TRUE(g.defined() && f.defined());
  EXPECT_LT(g[0].mean().item<double>(), 0.9);  // sharp to soft: neighbours differ less
  EXPECT_TRUE(torch::allclose(f, 1 / g));
  EXPECT_TRUE(torch::equal(Trainer(c, sharp, soft).start_maps().g.texture_gain, g));
  // A second stage at another scale has its own: here, images whose textures are alike.
  trainer.set_schedule(LinearSchedule::per_budget(2, 0));
  trainer.set_late_sources(sharp, sharp, 0.5);
  const StepLosses losses = trainer.train_iteration();
  EXPECT_TRUE(std::isfinite(losses.g_a) && std::isfinite(losses.g_b));
  EXPECT_TRUE(torch::equal(trainer.start_maps().g.texture_gain, g));
  trainer.train_iteration();
  EXPECT_TRUE(torch::allclose(trainer.start_maps().g.texture_gain, torch::ones_like(g)));
  // Off, nothing is measured.
  EXPECT_FALSE(Trainer(tiny_config(3), sharp, soft).start_maps().g.texture_gain.defined());
  // With the gate, only the direction whose look smooths is asked: sharp to soft, not back.
  c.texture_smoothing_gate = 0.99;
  const Trainer gated(c, sharp, soft);
  EXPECT_TRUE(torch::equal(gated.start_maps().g.texture_gain, g));
  EXPECT_FALSE(gated.start_maps().f.texture_gain.defined());
  EXPECT_LT(gated.final_texture_gains().g_largest, 0.99);
  EXPECT_GT(gated.final_texture_gains().f_largest, 1.0);
  // Alike sets smooth nowhere: neither direction is asked.
  const Trainer alike(c, sharp, sharp);
  EXPECT_FALSE(alike.start_maps().g.texture_gain.defined() || alike.start_maps().f.texture_gain.defined());
}

TEST(Trainer, ResumedRunGivesBitIdenticalWeights) {
  at::set_num_threads(1);  // multi-threaded reductions may sum in another order
  TrainerConfig c = tiny_config(7);
  c.pool_size = 2;  // fills in 2 iterations, so the swap path and its RNG are exercised
  c.weights.gan_mode = GanMode::LSGAN;
  const int total = 8, first = 5;  // 3 iterations per epoch: the stop falls mid-epoch

  Trainer straight(c, pattern_source(3, 16, 0.f), pattern_source(2, 16, 0.5f));
  straight.set_schedule(LinearSchedule::per_budget(total, 0));
  for (int i = 0; i < total; ++i) straight.train_iteration();

  Trainer part1(c, pattern_source(3, 16, 0.f), pattern_source(2, 16, 0.5f));
  part1.set_schedule(LinearSchedule::per_budget(total, 0));
  for (int i = 0; i < first; ++i) part1.train_iteration();
  const std::string state = part1.save_state();
  std::vector<torch::Tensor> saved = all_weights(part1.nets());
  // Disturb torch's generator, as loading a model file does, to prove it is restored.
  torch::manual_seed(12345);
  torch::rand({100});

  TrainerConfig c2 = c;
  c2.seed = 999;  // everything seeded must come from the state, not from the config
  CycleGanNets fresh;
  fresh.g = make_network(c.generator);
  fresh.f = make_network(c.generator);
  fresh.d_a = make_network(c.discriminator);
  fresh.d_b = make_network(c.discriminator);
  {
    torch::NoGradGuard no_grad;
    std::vector<torch::Tensor> dst;
    for (Network* net : {fresh.g.get(), fresh.f.get(), fresh.d_a.get(), fresh.d_b.get()})
      for (auto& p : net->parameters()) dst.push_back(p);
    for (size_t i = 0; i < dst.size(); ++i) dst[i].copy_(saved[i]);
  }
  Trainer part2(c2, pattern_source(3, 16, 0.f), pattern_source(2, 16, 0.5f), fresh);
  part2.set_schedule(LinearSchedule::per_budget(total, 0));
  part2.load_state(state);
  EXPECT_EQ(part2.iteration(), first);
  EXPECT_EQ(part2.epoch(), part1.epoch());
  for (int i = first; i < total; ++i) part2.train_iteration();

  std::vector<torch::Tensor> a = all_weights(straight.nets()), b = all_weights(part2.nets());
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(torch::equal(a[i], b[i])) << "parameter " << i;
  at::set_num_threads(std::max(1, at::get_num_threads()));
}

TEST(Trainer, DamagedStateIsACheckpointError) {
  Trainer t(tiny_config(), pattern_source(2, 16, 0.f), pattern_source(2, 16, 0.5f));
  EXPECT_THROW(t.load_state("not a training state"), CheckpointError);
}

}  // namespace
}  // namespace cyclegan
