#include "core/trainer.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <tuple>
#include <utility>

#include "core/colour_transfer.h"
#include "base/errors.h"
#include "core/preprocess.h"
#include "core/texture_statistics.h"
#include "core/feature_network.h"
#include "models/projected_discriminator.h"

namespace cyclegan {

namespace {

// Independent streams for the pools from one user seed (SplitMix64's increment and mixer).
uint64_t derived_seed(uint64_t seed, uint64_t stream) {
  uint64_t z = seed + 0x9E3779B97F4A7C15ull * (stream + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::vector<torch::Tensor> parameters_of(const Network& a, const Network& b) {
  std::vector<torch::Tensor> p = a.parameters();
  for (auto& t : b.parameters()) p.push_back(t);
  return p;
}

// Offset of the ranks' streams among derived_seed's (the augmentation uses 3 + iteration).
constexpr uint64_t kRankStreams = 1ull << 48;

// Images per domain summarised for the colour-transfer start: enough for stable statistics,
// few enough to cost well under a second from the cache.
constexpr size_t kColourStatisticsImages = 64;

// Crops per domain measured for the texture term. Two halves of one set of 200 photos differ in
// these statistics by about 5%, and 64 crops of two sets by up to 15%: a gain the term would ask
// every picture for although the look keeps texture (black and white). Enough crops make that
// noise small; a small set gives several crops of each image.
constexpr size_t kTextureStatisticsCrops = 512;

// The average texture_statistics of `crops` samples of `source` (going round it evenly), drawn
// with their own random stream from `seed`, as colour_statistics draws them.
torch::Tensor domain_texture_statistics(const ImageSource& source, size_t crops, uint64_t seed) {
  std::mt19937_64 rng(seed);
  constexpr size_t kChunk = 64;  // crops measured at once
  torch::Tensor sum;
  for (size_t first = 0; first < crops; first += kChunk) {
    std::vector<torch::Tensor> chunk;
    for (size_t i = first; i < std::min(crops, first + kChunk); ++i)
      chunk.push_back(source.sample(i % source.size, rng).to(torch::kFloat));
    const torch::Tensor statistics = texture_statistics_each(torch::stack(chunk)).sum(0);
    sum = sum.defined() ? sum + statistics : statistics;
  }
  return sum / static_cast<double>(crops);
}

// G's and F's texture_gain (first, second), from crops drawn with streams of their own (the
// colour start uses ~seed's streams 1 and 2); unset for a direction the gate leaves out
// (TrainerConfig::texture_smoothing_gate).
Trainer::TextureGains measured_texture_gains(const ImageSource& a, const ImageSource& b, const TrainerConfig& config) {
  const torch::Tensor a_textures = domain_texture_statistics(a, kTextureStatisticsCrops, derived_seed(~config.seed, 3));
  const torch::Tensor b_textures = domain_texture_statistics(b, kTextureStatisticsCrops, derived_seed(~config.seed, 4));
  Trainer::TextureGains gains;
  gains.g_largest = largest_mean_texture_gain(a_textures, b_textures);
  gains.f_largest = largest_mean_texture_gain(b_textures, a_textures);
  const double gate = config.texture_smoothing_gate;
  if (gate <= 0 || gains.g_largest <= gate) gains.g = texture_gain(a_textures, b_textures).to(config.device);
  if (gate <= 0 || gains.f_largest <= gate) gains.f = texture_gain(b_textures, a_textures).to(config.device);
  return gains;
}

}  // namespace

const char* stop_reason_name(StopReason reason) {
  switch (reason) {
    case StopReason::Epochs: return "epochs";
    case StopReason::Iterations: return "iterations";
    case StopReason::Time: return "minutes";
    case StopReason::Cancel: return "cancel";
  }
  return "?";
}

Trainer::Trainer(const TrainerConfig& config, ImageSource a, ImageSource b, CycleGanNets nets)
    : config_(config),
      a_(std::move(a)),
      b_(std::move(b)),
      nets_(std::move(nets)),
      fake_b_pool_(config.pool_size, derived_seed(config.seed, 1)),
      fake_a_pool_(config.pool_size, derived_seed(config.seed, 2)),
      data_rng_(config.seed) {
  if (a_.size == 0 || b_.size == 0 || !a_.sample || !b_.sample)
    throw InputError("Training needs at least one image in each domain.");
  if (config_.batch_size < 1) throw InputError("The batch size must be 1 or more.");
  if (!config_.generator.is_generator() || config_.discriminator.is_generator())
    throw InputError("The trainer needs a generator spec and a discriminator spec.");
  if (config_.weights.lambda_identity > 0 && config_.generator.in_channels != config_.generator.out_channels)
    throw InputError("The identity loss needs generators with as many input as output channels.");
  bool fresh = false;
  if (!nets_.g) {
    // Same seed, same initial weights: the official init draws from torch's global generator.
    torch::manual_seed(config_.seed);
    nets_.g = make_network(config_.generator);
    nets_.f = make_network(config_.generator);
    nets_.d_a = make_network(config_.discriminator);
    nets_.d_b = make_network(config_.discriminator);
    fresh = true;
  }
  const NetworkSpec& g = config_.generator;
  if (config_.start_as_colour_transfer && g.colour_path && g.in_channels == 3 && g.out_channels == 3) {
    // Streams of their own (the pools and augmentation use derived_seed(seed, k)). A resumed
    // run computes the same maps again from the same images and seed, for lambda_start.
    const ColourStatistics a_colours = colour_statistics(a_, kColourStatisticsImages, derived_seed(~config_.seed, 1));
    const ColourStatistics b_colours = colour_statistics(b_, kColourStatisticsImages, derived_seed(~config_.seed, 2));
    const auto transfer = config_.start_luminance_first ? luminance_first_colour_transfer : linear_colour_transfer;
    // One direction's start map and how strongly it is held and trained there.
    auto start_of = [&](const ColourStatistics& from, const ColourStatistics& to) {
      DirectionStart start;
      double gain = config_.start_max_gain;
      const double needed = config_.scarce_colour_gain > 0 ? largest_chroma_gain(from, to, config_.start_floor) : 0;
      if (needed > config_.scarce_colour_gain) {  // never when the rule is off: both are 0 then
        gain = gain > 0 ? std::min(gain, 1.0) : 1.0;
        start.shares.hold = config_.scarce_colour_hold;
        start.shares.cycle = config_.scarce_colour_cycle;
        start.shares.adversarial = config_.scarce_colour_adversarial;
        start.guessed_colour_gain = needed;
      }
      start.map = transfer(from, to, config_.start_floor, gain).to(torch::kFloat).to(config_.device);
      return start;
    };
    start_maps_.g = start_of(a_colours, b_colours);
    start_maps_.f = start_of(b_colours, a_colours);
    if (fresh) {
      start_generator_as_colour_map(*nets_.g, start_maps_.g.map.cpu());
      start_generator_as_colour_map(*nets_.f, start_maps_.f.map.cpu());
    }
  }
  if (config_.weights.lambda_texture_stats > 0) {
    // Measured again on resume from the same images and seed, as the colour start is.
    early_textures_ = measured_texture_gains(a_, b_, config_);
    start_maps_.g.texture_gain = early_textures_.g;
    start_maps_.f.texture_gain = early_textures_.f;
  }
  if (!nets_.f || !nets_.d_a || !nets_.d_b)
    throw InputError("Training needs all four networks (G, F, D_A, D_B).");
  if (config_.features_discriminator && !nets_.d_a_features) {
    auto features = builtin_feature_network();
    features->to(config_.device);
    // Drawn after the four official networks, so their initial weights do not change.
    for (auto* d : {&nets_.d_a_features, &nets_.d_b_features}) {
      *d = make_projected_discriminator(features, config_.features_width);
      init_weights_normal(**d);
    }
  }
  for (Network* n : {nets_.g.get(), nets_.f.get(), nets_.d_a.get(), nets_.d_b.get(), nets_.d_a_features.get(),
                     nets_.d_b_features.get()}) {
    if (!n) continue;
    n->to(config_.device);
    n->train();
  }
  // Official: one optimizer over itertools.chain(netG_A, netG_B), one over (netD_A, netD_B).
  optimizer_g_ = std::make_unique<torch::optim::Adam>(parameters_of(*nets_.g, *nets_.f), adam_options());
  make_optimizer_d();
}

torch::optim::AdamOptions Trainer::adam_options() const {
  return torch::optim::AdamOptions(config_.lr).betas(std::make_tuple(config_.beta1, config_.beta2));
}

void Trainer::make_optimizer_d() {
  std::vector<torch::Tensor> parameters = parameters_of(*nets_.d_a, *nets_.d_b);
  if (nets_.d_a_features)
    for (auto& p : parameters_of(*nets_.d_a_features, *nets_.d_b_features)) parameters.push_back(p);
  optimizer_d_ = std::make_unique<torch::optim::Adam>(parameters, adam_options());
}

void Trainer::drop_feature_discriminators() {
  nets_.d_a_features.reset();
  nets_.d_b_features.reset();
  make_optimizer_d();
}

int64_t Trainer::iterations_per_epoch() const {
  const int64_t n = static_cast<int64_t>(std::max(a_.size, b_.size));
  const int64_t global_batch = static_cast<int64_t>(config_.batch_size) * replica_.world_size;
  return (n + global_batch - 1) / global_batch;
}

void Trainer::join(Replica replica) {
  if (replica.world_size < 1 || replica.rank < 0 || replica.rank >= replica.world_size)
    throw InputError("Rank " + std::to_string(replica.rank) + " is outside a job of " +
                     std::to_string(replica.world_size) + " ranks.");
  replica_ = std::move(replica);
  if (replica_.world_size == 1) return;
  // Streams of this rank from here on: from the seed, the rank and the iteration, so a resumed
  // job (of any size) does not replay rank 0's saved streams on every rank.
  const uint64_t rank_seed = derived_seed(derived_seed(config_.seed, kRankStreams + replica_.rank),
                                          static_cast<uint64_t>(iteration_));
  rank_rng_.seed(derived_seed(rank_seed, 0));
  if (replica_.rank != 0) {
    fake_b_pool_.reseed(derived_seed(rank_seed, 1));
    fake_a_pool_.reseed(derived_seed(rank_seed, 2));
  }
}

double Trainer::learning_rate() const {
  return config_.lr * schedule_.factor(epoch_, iteration_, seconds_trained());
}

void Trainer::shuffle_epoch() {
  // Fisher-Yates with the portable draw, so the order is the same on every platform.
  const int64_t n = static_cast<int64_t>(std::max(a_.size, b_.size));
  order_.resize(n);
  for (int64_t i = 0; i < n; ++i) order_[i] = i;
  for (int64_t i = n - 1; i > 0; --i)
    std::swap(order_[i], order_[uniform_index(data_rng_, static_cast<uint64_t>(i + 1))]);
  position_ = 0;
}

void Trainer::set_late_sources(ImageSource a, ImageSource b, double from) {
  if (a.size != a_.size || b.size != b_.size)
    throw InputError("The second training stage needs the same images as the first.");
  late_a_ = std::move(a);
  late_b_ = std::move(b);
  late_from_ = from;
  if (config_.weights.lambda_texture_stats > 0)
    late_textures_ = measured_texture_gains(late_a_, late_b_, config_);
}

void Trainer::next_batch(bool late, torch::Tensor* real_a, torch::Tensor* real_b) {
  if (order_.empty()) shuffle_epoch();
  const ImageSource& source_a = late ? late_a_ : a_;
  const ImageSource& source_b = late ? late_b_ : b_;
  std::vector<torch::Tensor> as, bs;
  std::mt19937_64& rng = sample_rng();
  const int64_t n = static_cast<int64_t>(order_.size());
  auto take = [&](int64_t at) {
    const size_t index = static_cast<size_t>(order_[at % n]);
    as.push_back(source_a.sample(index % source_a.size, rng));
    // Official unaligned dataset: B is drawn at random so A and B never pair up in a fixed way.
    const size_t b_index = static_cast<size_t>(uniform_index(rng, source_b.size));
    bs.push_back(source_b.sample(b_index, rng));
  };
  if (replica_.world_size == 1) {
    const int64_t end = std::min<int64_t>(position_ + config_.batch_size, n);
    for (; position_ < end; ++position_) take(position_);
  } else {
    const int64_t first = position_ + static_cast<int64_t>(replica_.rank) * config_.batch_size;
    for (int64_t k = 0; k < config_.batch_size; ++k) take(first + k);
    position_ += static_cast<int64_t>(replica_.world_size) * config_.batch_size;
  }
  if (position_ >= static_cast<int64_t>(order_.size())) {
    ++epoch_;
    order_.clear();  // reshuffled at the next batch (after a save, so resume reshuffles identically)
    position_ = 0;
  }
  *real_a = torch::stack(as).to(config_.device);
  *real_b = torch::stack(bs).to(config_.device);
}

StepLosses Trainer::train_iteration() {
  const double lr = learning_rate();  // of the epoch this batch belongs to
  const double warmup =
      config_.warmup_g > 0 ? std::min(1.0, static_cast<double>(iteration_ + 1) / static_cast<double>(config_.warmup_g)) : 1.0;
  for (auto& group : optimizer_g_->param_groups())
    static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr * warmup);
  for (auto& group : optimizer_d_->param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
  // Decided from the position alone, so a resumed run switches at the same batch.
  const bool late = in_late_stage();
  torch::Tensor real_a, real_b;
  next_batch(late, &real_a, &real_b);
  if (config_.weights.lambda_texture_stats > 0) {
    const TextureGains& textures = late ? late_textures_ : early_textures_;
    start_maps_.g.texture_gain = textures.g;
    start_maps_.f.texture_gain = textures.f;
  }
  // A fresh stream per iteration, from the seed and the iteration alone: resume needs no state.
  const uint64_t augment_seed =
      replica_.rank == 0 ? config_.seed : derived_seed(config_.seed, kRankStreams + replica_.rank);
  DiffAugment augment(config_.augment_d, derived_seed(augment_seed, 3 + static_cast<uint64_t>(iteration_)));
  StepLosses losses = cyclegan_step(nets_, *optimizer_g_, *optimizer_d_, fake_b_pool_, fake_a_pool_,
                                    real_a, real_b, config_.weights,
                                    config_.augment_d.any() ? &augment : nullptr,
                                    start_maps_.any() ? &start_maps_ : nullptr,
                                    replica_.average_gradients);
  ++iteration_;
  return losses;
}

StopReason Trainer::run(const Budget& budget, const RunHooks& hooks) {
  if (!budget.any()) throw InputError("A training run needs a budget: epochs, iterations or minutes.");
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const double base = seconds_this_run_;
  double last_checkpoint = base, last_samples = base;
  StopReason reason;
  for (;;) {
    if (budget.epochs > 0 && completed_epochs() >= budget.epochs) { reason = StopReason::Epochs; break; }
    if (budget.iterations > 0 && iteration_ >= budget.iterations) { reason = StopReason::Iterations; break; }
    JobPace pace;
    pace.seconds = seconds_this_run_;
    pace.time_up = budget.seconds > 0 && seconds_this_run_ >= budget.seconds;
    // Polled even when the time is up on a rank of a job: rank 0's clock may say otherwise.
    pace.cancel = (!pace.time_up || replica_.agree) && hooks.should_stop && hooks.should_stop();
    if (replica_.agree) {
      pace = replica_.agree(pace);
      seconds_this_run_ = pace.seconds;
    }
    if (pace.time_up) { reason = StopReason::Time; break; }
    if (pace.cancel) { reason = StopReason::Cancel; break; }
    const StepLosses losses = train_iteration();
    seconds_this_run_ = base + std::chrono::duration<double>(Clock::now() - start).count();
    if (hooks.after_iteration) hooks.after_iteration(losses);
    if (hooks.checkpoint && hooks.checkpoint_seconds > 0 &&
        seconds_this_run_ - last_checkpoint >= hooks.checkpoint_seconds) {
      hooks.checkpoint();
      last_checkpoint = seconds_this_run_;
    }
    if (hooks.samples && hooks.samples_seconds > 0 && seconds_this_run_ - last_samples >= hooks.samples_seconds) {
      hooks.samples();
      last_samples = seconds_this_run_;
    }
  }
  if (hooks.samples) hooks.samples();
  if (hooks.checkpoint) hooks.checkpoint();
  return reason;
}

}  // namespace cyclegan
