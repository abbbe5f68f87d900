// The CycleGAN trainer: networks, both Adam optimizers, both image pools, the data order and
// every RNG, stepped one iteration at a time (cyclegan_step.h) under epoch / iteration / time
// budgets. Its whole state except the weights serialises to bytes (training_state.cpp), which
// our model file stores next to the weights: a run stopped at iteration k and resumed gives the
// same weights as an uninterrupted one (same seed, CPU, deterministic thread count).
//
// Data order, as the official unaligned dataset with serial_batches off: an epoch is
// max(|A|, |B|) samples in a fresh random order of indices i (A image i % |A|, a uniformly random
// B image for each), cut into batches of batch_size (the last one may be smaller).
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <string>

#include <torch/torch.h>

#include "core/cyclegan_step.h"
#include "core/lr_schedule.h"
#include "models/network_spec.h"

namespace cyclegan {

// One domain's training samples: size() images, sample(i, rng) -> 3 x H x W in [-1, 1]
// (TrainingImages fits; tests pass synthetic sources).
struct ImageSource {
  size_t size = 0;
  std::function<torch::Tensor(size_t index, std::mt19937_64& rng)> sample;
};

// Where the colour start (core/colour_transfer.h) adds its floor to the colour covariances. On
// both domains, the two directions are exact inverses; but a map onto a domain without colour
// then keeps a fraction of the photo's colour (the floor over the photo's spread: a third on the
// sepia task) that no real image of that domain has, and the way back learns to read it there.
// On the source alone, a map removes what its target lacks entirely (its black and white is
// black and white), and only a map that adds colour, where the bound matters, gets it.
enum class ColourFloor { BothDomains, SourceOnly };

struct TrainerConfig {
  NetworkSpec generator = NetworkSpec::resnet(64, 9);    // official netG resnet_9blocks
  NetworkSpec discriminator = NetworkSpec::nlayer(64, 3);  // official netD basic
  LossWeights weights;
  double lr = 2e-4;     // official --lr
  double beta1 = 0.5;   // official --beta1 (beta2 is Adam's default 0.999)
  double beta2 = 0.999;
  int pool_size = 50;   // official --pool_size
  int batch_size = 1;   // official --batch_size
  AugmentPolicy augment_d;  // what the discriminators' inputs go through (none: official)
  // Ours: generators with a colour path start as the linear colour transfer between the two
  // domains (core/colour_transfer.h) instead of the identity. A resumed run keeps its weights
  // and computes the same maps again, for the anchor (LossWeights::lambda_start).
  bool start_as_colour_transfer = false;
  bool start_luminance_first = false;  // which colour transfer: tones first, or the least change
  ColourFloor start_floor = ColourFloor::BothDomains;  // see kColourFloor
  double start_max_gain = 0;  // the start's bound on colour gains (0 = none; see linear_colour_transfer)
  // Ours (0 = off): a direction whose tones-first start would amplify some direction of chroma
  // by more than this (largest_chroma_gain: its source lacks colour its target has, as on the way
  // back from sepia or black and white) starts with chroma gains of at most 1 and is held near
  // that start scarce_colour_hold times as strongly. No unpaired signal says which colour a sepia
  // pixel had; colour the generator invents there costs more than it gives (RESULTS.md).
  double scarce_colour_gain = 0;
  double scarce_colour_hold = 1;
  // The weight of the cycle that starts in such a direction's source (b -> F(b) -> G(F(b)) when F
  // invents colour), which teaches the other generator to undo it (1 = as every cycle).
  double scarce_colour_cycle = 1;
  // The weight of such a direction's adversarial loss (1 = as every direction). Its discriminator
  // asks for colour where the cycle from the other side, a way back from G's fakes, asks for the
  // colour the photos had on average.
  double scarce_colour_adversarial = 1;
  // The texture term (LossWeights::lambda_texture_stats) applies to a direction only where its
  // look smooths: at every scale and in every channel, the mean change between neighbouring
  // pixels of the target domain is at most this fraction of the source domain's
  // (largest_mean_texture_gain). Asked for less variation, a generator has one answer (smooth);
  // asked for more, grain answers it as well as the strokes or edges of the look (RESULTS.md:
  // cartoon and sketch lose, oil paint and soft colour grades gain). Looks that keep texture
  // measure 1.02-1.18 and smoothing ones 0.77-0.87 on 512 crops, so a gate just under 1 leaves
  // the sampling noise out. 0 = every direction.
  double texture_smoothing_gate = 0;
  // Ours (0 = off): G and F's rate rises linearly over their first N iterations. Adam's first
  // steps move every weight by about the full rate whatever its gradient, which from a start
  // that already translates (a zero-initialised output layer with hundreds of inputs) changes
  // every output by a large step: the cycle loss jumps from ~0 to ~7 after one iteration.
  int64_t warmup_g = 0;
  // Ours (off = the official model): discriminators on frozen pretrained features
  // (models/projected_discriminator.h) beside the PatchGANs, judging the same images.
  bool features_discriminator = false;
  int features_width = 64;  // their heads' channels
  uint64_t seed = 0;
  torch::Device device = torch::kCPU;
};

// Where a run stands before an iteration: seconds of this run, time budget spent, stop asked.
struct JobPace {
  double seconds = 0;
  bool time_up = false;
  bool cancel = false;
};

// One rank of a data-parallel job (train_api.cpp wires it to a RankGroup). The sample order is
// shared: every rank shuffles with the same stream, and rank r takes samples r * batch_size ..
// (r + 1) * batch_size - 1 of each global batch of world_size * batch_size, wrapping round to
// the epoch's first samples for the last one (as DistributedSampler pads). Crops, flips, B
// partners, pool choices and augmentation come from streams of the rank's own. A world of one
// changes nothing.
struct Replica {
  int rank = 0;
  int world_size = 1;
  BeforeStep average_gradients;  // between backward and step, for both optimizers
  // Before each iteration: takes this rank's view, returns the job's, the same on every rank:
  // rank 0's clock and time budget (so that time-shaped learning rates and stages agree and all
  // stop after the same iteration) and a stop asked of any rank.
  std::function<JobPace(const JobPace& mine)> agree;
};

// Where a run stops: the first budget reached; 0 = not set. Epochs and iterations count the
// whole training (resumed runs included), seconds count this run.
struct Budget {
  int64_t epochs = 0;
  int64_t iterations = 0;
  double seconds = 0;
  bool any() const { return epochs > 0 || iterations > 0 || seconds > 0; }
};

enum class StopReason { Epochs, Iterations, Time, Cancel };
const char* stop_reason_name(StopReason reason);  // "epochs", "iterations", "minutes", "cancel"

// What Trainer::run calls; all optional.
struct RunHooks {
  std::function<void(const StepLosses&)> after_iteration;
  std::function<bool()> should_stop;           // polled every iteration
  std::function<void()> checkpoint;            // every checkpoint_seconds and at the end
  double checkpoint_seconds = 0;               // 0 = only at the end
  std::function<void()> samples;               // every samples_seconds and at the end
  double samples_seconds = 0;
};

class Trainer {
 public:
  // Builds G, F, D_A, D_B (official init, from `seed`) unless `nets` are given (resume: load the
  // state with load_state() afterwards). Throws InputError for an empty source or bad options.
  Trainer(const TrainerConfig& config, ImageSource a, ImageSource b, CycleGanNets nets = {});

  // Runs until a budget is reached (must have one) or should_stop returns true.
  StopReason run(const Budget& budget, const RunHooks& hooks = {});

  // One iteration: next batch, learning rate, cyclegan_step.
  StepLosses train_iteration();

  // Makes this trainer one rank of a data-parallel job; after load_state() on resume, since the
  // ranks' own streams start from the seed, the rank and the iteration.
  void join(Replica replica);
  const Replica& replica() const { return replica_; }

  void set_schedule(const LinearSchedule& schedule) { schedule_ = schedule; }
  double progress() const { return schedule_.progress(epoch_, iteration_, seconds_trained()); }

  // A second stage: once progress() reaches `from`, batches come from these sources instead
  // (the same images, prepared differently: quick trains on whole small views first, then on
  // crops at the images' own resolution). Same sizes as the first sources.
  void set_late_sources(ImageSource a, ImageSource b, double from);
  bool in_late_stage() const { return progress() >= late_from_; }
  const LinearSchedule& schedule() const { return schedule_; }
  double learning_rate() const;  // for the current position

  CycleGanNets& nets() { return nets_; }
  // The colour maps G and F started as; undefined tensors when they started as the identity.
  const StartMaps& start_maps() const { return start_maps_; }
  // With the texture term: G's and F's texture_gain (unset where the gate leaves a direction
  // out) and largest_mean_texture_gain, measured on one stage's images.
  struct TextureGains {
    torch::Tensor g, f;
    double g_largest = 0, f_largest = 0;
  };
  // Those of the stage the run ends with (the second, when set).
  const TextureGains& final_texture_gains() const { return late_from_ <= 1 ? late_textures_ : early_textures_; }
  const TrainerConfig& config() const { return config_; }
  int64_t iteration() const { return iteration_; }                 // done, all runs
  int64_t epoch() const { return epoch_; }                         // 1-based, in progress
  // The epoch the last batch trained belonged to: epoch() until that batch ends an epoch, after
  // which epoch() is already the next one.
  int64_t epoch_of_last_batch() const { return position_ == 0 && iteration_ > 0 ? epoch_ - 1 : epoch_; }
  int64_t completed_epochs() const { return epoch_ - 1; }
  int64_t iterations_per_epoch() const;
  double seconds_trained() const { return seconds_before_ + seconds_this_run_; }  // all runs
  double seconds_this_run() const { return seconds_this_run_; }

  // Optimizers, pools, RNGs, position (training_state.cpp). load_state throws CheckpointError.
  std::string save_state() const;
  void load_state(const std::string& bytes);

 private:
  torch::optim::AdamOptions adam_options() const;
  void make_optimizer_d();  // over both PatchGANs, and the feature discriminators when there are some
  // For a resumed run that had none (trained before they existed): it goes on as it was.
  void drop_feature_discriminators();
  void next_batch(bool late, torch::Tensor* real_a, torch::Tensor* real_b);
  void shuffle_epoch();
  std::mt19937_64& sample_rng() { return replica_.world_size > 1 ? rank_rng_ : data_rng_; }

  TrainerConfig config_;
  ImageSource a_, b_;
  ImageSource late_a_, late_b_;
  double late_from_ = 1e300;             // progress at which late_a_/late_b_ take over (never reached unset)
  CycleGanNets nets_;
  StartMaps start_maps_;                 // set when G and F start as the colour transfer
  // Each stage's (textures depend on scale); start_maps_ holds the current stage's.
  TextureGains early_textures_, late_textures_;
  std::unique_ptr<torch::optim::Adam> optimizer_g_, optimizer_d_;
  ImagePool fake_b_pool_, fake_a_pool_;  // official fake_B_pool (for D_A), fake_A_pool (for D_B)
  std::mt19937_64 data_rng_;             // order, B choice, crop and flip (order only with several ranks)
  Replica replica_;
  std::mt19937_64 rank_rng_;             // B choice, crop and flip of this rank, with several ranks
  LinearSchedule schedule_ = LinearSchedule::per_epoch(100, 100);
  std::vector<int64_t> order_;           // this epoch's sample order
  int64_t position_ = 0;                 // next entry of order_
  int64_t iteration_ = 0;
  int64_t epoch_ = 1;
  double seconds_before_ = 0;            // trained by earlier runs
  double seconds_this_run_ = 0;
};

}  // namespace cyclegan
