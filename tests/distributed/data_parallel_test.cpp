// Data parallelism through the real Gloo process group on 127.0.0.1, two ranks as two threads of
// this process: the gradient average, one CycleGAN step on two half batches against one step on
// the whole batch, and two trainers that keep identical weights while reading different samples.
#include <gtest/gtest.h>

#include <functional>
#include <thread>

#include "base/local_port.h"
#include "core/cyclegan_step.h"
#include "base/errors.h"
#include "core/gradient_average.h"
#include "core/rank_group.h"
#include "core/rank_replica.h"
#include "core/trainer.h"
#include "tests/training/training_fixtures.h"

namespace cyclegan {
namespace {

// Runs body(group) as ranks 0 and 1 of a two-rank group, each in its own thread; rethrows the
// first failure.
void with_two_ranks(const std::function<void(RankGroup&)>& body) {
  const int port = free_local_port();
  std::exception_ptr failure[2];
  std::vector<std::thread> ranks;
  for (int r = 0; r < 2; ++r)
    ranks.emplace_back([&, r] {
      try {
        RankSetup setup;
        setup.rank = r;
        setup.world_size = 2;
        setup.master_port = port;
        setup.timeout_seconds = 20;
        RankGroup group(setup);
        body(group);
      } catch (...) {
        failure[r] = std::current_exception();
      }
    });
  for (auto& t : ranks) t.join();
  for (auto& f : failure)
    if (f) std::rethrow_exception(f);
}

CycleGanNets tiny_nets() {
  torch::manual_seed(7);
  const TrainerConfig c = testing::tiny_config();
  return {make_network(c.generator), make_network(c.generator), make_network(c.discriminator),
          make_network(c.discriminator)};
}

std::vector<torch::Tensor> all_parameters(const CycleGanNets& nets) {
  std::vector<torch::Tensor> out;
  for (Network* n : {nets.g.get(), nets.f.get(), nets.d_a.get(), nets.d_b.get()})
    for (auto& p : n->parameters()) out.push_back(p.detach().clone());
  return out;
}

// One network copy with the trainer's two optimizer groups and its pools (size 0: the fakes of
// this step, so that halves and whole batch see the same ones). SGD, not the trainer's Adam:
// Adam's first steps are lr * sign(gradient), which turns float noise in gradients that are
// zero in exact arithmetic (conv biases before instance norm) into whole steps either way.
struct StepRig {
  CycleGanNets nets = tiny_nets();
  std::unique_ptr<torch::optim::SGD> opt_g, opt_d;
  ImagePool pool_b{0, 1}, pool_a{0, 2};
  StepRig() {
    std::vector<torch::Tensor> g = nets.g->parameters(), d = nets.d_a->parameters();
    for (auto& p : nets.f->parameters()) g.push_back(p);
    for (auto& p : nets.d_b->parameters()) d.push_back(p);
    opt_g = std::make_unique<torch::optim::SGD>(g, torch::optim::SGDOptions(0.05));
    opt_d = std::make_unique<torch::optim::SGD>(d, torch::optim::SGDOptions(0.05));
  }
  void step(const torch::Tensor& a, const torch::Tensor& b, const BeforeStep& before = {}) {
    cyclegan_step(nets, *opt_g, *opt_d, pool_b, pool_a, a, b, LossWeights{}, nullptr, nullptr, before);
  }
};

TEST(DataParallel, AverageOfGradientsInSeveralBuckets) {
  std::vector<torch::Tensor> seen[2];
  with_two_ranks([&](RankGroup& group) {
    std::vector<torch::Tensor> params{torch::zeros({3, 4}, torch::requires_grad()),
                                      torch::zeros({5}, torch::requires_grad()),
                                      torch::zeros({2}, torch::requires_grad())};
    torch::optim::SGD sgd(params, 0.1);
    const float r = static_cast<float>(group.rank());
    params[0].mutable_grad() = torch::full({3, 4}, 1 + r);
    params[1].mutable_grad() = torch::arange(5, torch::kFloat) * (r + 1);
    // params[2] has no gradient: it counts as zeros.
    average_gradients(group, sgd, /*bucket_bytes=*/16);  // a bucket per parameter
    for (auto& p : params) seen[group.rank()].push_back(p.grad().clone());
  });
  for (int r = 0; r < 2; ++r) {
    EXPECT_TRUE(torch::equal(seen[r][0], torch::full({3, 4}, 1.5f)));
    EXPECT_TRUE(torch::equal(seen[r][1], torch::arange(5, torch::kFloat) * 1.5f));
    EXPECT_TRUE(torch::equal(seen[r][2], torch::zeros({2})));
  }
}

TEST(DataParallel, TwoHalfBatchesStepAsOneWholeBatch) {
  torch::manual_seed(3);
  const torch::Tensor a = torch::rand({4, 3, 16, 16}) * 2 - 1, b = torch::rand({4, 3, 16, 16}) * 2 - 1;
  StepRig whole;
  const std::vector<torch::Tensor> start = all_parameters(whole.nets);
  for (int i = 0; i < 2; ++i) whole.step(a, b);
  const std::vector<torch::Tensor> expected = all_parameters(whole.nets);

  std::vector<torch::Tensor> got[2];
  StepRig halves[2];
  with_two_ranks([&](RankGroup& group) {
    const int r = group.rank();
    const BeforeStep average = [&group](torch::optim::Optimizer& o) { average_gradients(group, o); };
    for (int i = 0; i < 2; ++i) halves[r].step(a.slice(0, 2 * r, 2 * r + 2), b.slice(0, 2 * r, 2 * r + 2), average);
    got[r] = all_parameters(halves[r].nets);
  });
  ASSERT_EQ(got[0].size(), expected.size());
  double moved = 0;
  for (size_t i = 0; i < expected.size(); ++i)
    moved = std::max(moved, (expected[i] - start[i]).abs().max().item<double>());
  EXPECT_GT(moved, 1e-3) << "the steps hardly changed the weights: the comparison would prove nothing";
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_TRUE(torch::equal(got[0][i], got[1][i])) << "parameter " << i << " differs between the ranks";
    EXPECT_TRUE(torch::allclose(got[0][i], expected[i], 1e-4, 1e-5))
        << "parameter " << i << ": max difference " << (got[0][i] - expected[i]).abs().max().item<double>();
  }
}

TEST(DataParallel, TrainersKeepEqualWeightsOnDifferentSamples) {
  std::vector<std::unique_ptr<Trainer>> trainers;
  for (int r = 0; r < 2; ++r)  // one at a time: initialisation draws from torch's global generator
    trainers.push_back(std::make_unique<Trainer>(testing::tiny_config(5), testing::pattern_source(5, 16, -0.2f),
                                                 testing::pattern_source(4, 16, 0.3f)));
  std::vector<double> losses[2];
  with_two_ranks([&](RankGroup& group) {
    Trainer& t = *trainers[group.rank()];
    Replica replica;
    replica.rank = group.rank();
    replica.world_size = 2;
    replica.average_gradients = [&group](torch::optim::Optimizer& o) { average_gradients(group, o); };
    t.join(replica);
    for (int i = 0; i < 4; ++i) losses[group.rank()].push_back(t.train_iteration().cycle_a);
  });
  // 5 samples in global batches of 2 (2 ranks x batch 1): the third wraps round to the first.
  EXPECT_EQ(trainers[0]->iterations_per_epoch(), 3);
  EXPECT_EQ(trainers[0]->epoch(), 2);
  EXPECT_NE(losses[0], losses[1]) << "both ranks trained on the same samples";
  const auto p0 = all_parameters(trainers[0]->nets()), p1 = all_parameters(trainers[1]->nets());
  for (size_t i = 0; i < p0.size(); ++i) EXPECT_TRUE(torch::equal(p0[i], p1[i])) << "parameter " << i;
}

TEST(DataParallel, RankZerosClockEndsTheRunOfBoth) {
  std::vector<std::unique_ptr<Trainer>> trainers;
  for (int r = 0; r < 2; ++r)
    trainers.push_back(std::make_unique<Trainer>(testing::tiny_config(9), testing::pattern_source(4, 16, -0.2f),
                                                 testing::pattern_source(4, 16, 0.3f)));
  StopReason reasons[2];
  with_two_ranks([&](RankGroup& group) {
    Trainer& t = *trainers[group.rank()];
    Budget budget;
    // Rank 1's own budget would end at once: only rank 0's clock counts, and the learning rate
    // its time shapes is the same on both.
    budget.seconds = group.rank() == 0 ? 0.5 : 1e-6;
    t.set_schedule(LinearSchedule::per_budget(0, 0.5));
    t.join(replica_of(group));
    reasons[group.rank()] = t.run(budget);
  });
  EXPECT_EQ(reasons[0], StopReason::Time);
  EXPECT_EQ(reasons[1], StopReason::Time);
  EXPECT_GT(trainers[0]->iteration(), 1);
  EXPECT_EQ(trainers[0]->iteration(), trainers[1]->iteration());
  const auto p0 = all_parameters(trainers[0]->nets()), p1 = all_parameters(trainers[1]->nets());
  for (size_t i = 0; i < p0.size(); ++i) EXPECT_TRUE(torch::equal(p0[i], p1[i])) << "parameter " << i;
}

TEST(DataParallel, MasterNobodyServesFailsWithinTheTimeout) {
  RankSetup setup;
  setup.rank = 1;
  setup.world_size = 2;
  setup.master_port = free_local_port();
  setup.timeout_seconds = 2;
  const auto start = std::chrono::steady_clock::now();
  try {
    RankGroup group(setup);
    FAIL() << "connected to nobody";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("Rank 1 could not reach the master at 127.0.0.1:"), std::string::npos)
        << e.what();
  }
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 15);
}

}  // namespace
}  // namespace cyclegan
