// cyclegan::train (cyclegan.h): options -> preset -> training images -> Trainer -> model file,
// with periodic saves, sample sheets, the loss log and progress text. The only place where the
// public, LibTorch-free options meet the trainer.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <sys/stat.h>

#include "core/atomic_file.h"
#include "core/compute_setup.h"
#include "core/cyclegan.h"
#include "base/errors.h"
#include "core/free_cores.h"
#include "core/image_folder.h"
#include "core/learning_check.h"
#include "core/loss_log.h"
#include "core/loss_plot.h"
#include "core/model_file.h"
#include "core/pass_limit.h"
#include "core/pixel_tensor.h"
#include "core/preset_settings.h"
#include "core/presets.h"
#include "core/rank_group.h"
#include "core/rank_replica.h"
#include "core/sample_sheet.h"
#include "core/trainer.h"
#include "core/training_images.h"

namespace cyclegan {

namespace {

constexpr int kSampleColumns = 4;  // fixed images per domain on the sample sheet
constexpr int kCheckImages = 8;    // images per domain on which the learning check measures change
static_assert(kCheckImages >= kSampleColumns, "the sample sheet shows the first check images");

std::string parent_folder(const std::string& path) {
  const std::string parent = std::filesystem::path(path).parent_path().string();
  return parent.empty() ? "." : parent;
}

// Fails before any training when the model could never be saved: better now than in an hour.
void check_output(const TrainOptions& o) {
  if (o.output.empty())
    throw InputError(Message{CYCLEGAN_MESSAGE("No output model file was given; name one (e.g. -o style.cgan)."), {}});
  const std::string folder = parent_folder(o.output);
  struct stat st;
  if (stat(folder.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    throw OutputError(Message{CYCLEGAN_MESSAGE("Cannot write the model file %s: the folder %s does not exist; create "
                                               "it or choose another output path."),
                              {o.output, folder}});
  if (access(folder.c_str(), W_OK) != 0)
    throw OutputError(Message{CYCLEGAN_MESSAGE("Cannot write the model file %s: the folder %s is not writable; "
                                               "choose another output path."),
                              {o.output, folder}});
  if (stat(o.output.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode))
      throw OutputError(
          Message{CYCLEGAN_MESSAGE("The output %s is a folder; give a file name ending in .cgan."), {o.output}});
    if (!is_model_file(o.output))
      throw OutputError(Message{CYCLEGAN_MESSAGE("The output %s exists and is not a cyclegan model file; choose "
                                                 "another name so it is not overwritten."),
                                {o.output}});
  } else if (o.resume) {
    throw InputError(
        Message{CYCLEGAN_MESSAGE("Cannot resume: %s does not exist; train without --resume first."), {o.output}});
  }
}

std::shared_ptr<TrainingImages> load_domain(const TrainImages& source, const std::string& label,
                                            const TrainingImagesOptions& options, const Callbacks& cb) {
  if (!source.images.empty())
    return std::make_shared<TrainingImages>(
        TrainingImages::from_buffers(source.images, label, options, source.names, cb));
  if (source.folder.empty())
    throw InputError(Message{CYCLEGAN_MESSAGE("No images were given for domain %s."), {label}});
  return std::make_shared<TrainingImages>(TrainingImages::from_folder(source.folder, label, options, cb));
}

ImageSource as_source(std::shared_ptr<TrainingImages> images) {
  ImageSource s;
  s.size = images->size();
  s.sample = [images](size_t i, std::mt19937_64& rng) { return images->sample(i, rng); };
  return s;
}

// The first `count` images, centre-cropped to the training size, fixed for the whole run.
torch::Tensor sample_batch(const TrainingImages& images, int crop, int count) {
  std::vector<torch::Tensor> tiles;
  for (size_t i = 0; i < std::min<size_t>(count, images.size()); ++i) {
    torch::Tensor t = rgb_to_chw(images.prepared(i));
    const int64_t h = t.size(1), w = t.size(2), s = std::min<int64_t>({crop, h, w});
    tiles.push_back(t.slice(1, (h - s) / 2, (h - s) / 2 + s).slice(2, (w - s) / 2, (w - s) / 2 + s));
  }
  const int64_t s = tiles.front().size(1);
  for (auto& t : tiles)  // sizes agree unless an image was smaller than the crop ("none" mode)
    if (t.size(1) != s || t.size(2) != s) t = torch::nn::functional::interpolate(
        t.unsqueeze(0), torch::nn::functional::InterpolateFuncOptions().size(std::vector<int64_t>{s, s})
                            .mode(torch::kBilinear).align_corners(false)).squeeze(0);
  return torch::stack(tiles);
}

// Mean |net(x) - x| in 0-255 units (x in [-1, 1]: half the range is 127.5).
double mean_change(Network& net, const torch::Tensor& x, const torch::Device& device) {
  torch::NoGradGuard no_grad;
  const torch::Tensor in = x.to(device);
  return (net.forward(in) - in).abs().mean().item<double>() * 127.5;
}

// Mean |net(x) - start(x)|, same units: how far training took a generator from the colour map it
// started as (apply_colour_map).
double mean_change_beyond(Network& net, const torch::Tensor& start, const torch::Tensor& x,
                          const torch::Device& device) {
  torch::NoGradGuard no_grad;
  const torch::Tensor in = x.to(device);
  return (net.forward(in) - apply_colour_map(start.to(device), in)).abs().mean().item<double>() * 127.5;
}

// Every weight and buffer of the networks, as rank 0 has them, on every rank: the same
// start whatever each rank's seed or file, as DistributedDataParallel does at construction.
void share_rank0_weights(RankGroup& group, CycleGanNets& nets) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> tensors;
  for (Network* n : {nets.g.get(), nets.f.get(), nets.d_a.get(), nets.d_b.get(), nets.d_a_features.get(),
                     nets.d_b_features.get()}) {
    if (!n) continue;
    for (auto& p : n->parameters()) tensors.push_back(p.detach());
    for (auto& b : n->buffers()) tensors.push_back(b);
  }
  group.broadcast(tensors, 0);
}

std::string minutes_text(double seconds) {
  if (seconds < 90) return std::to_string(static_cast<int>(std::ceil(seconds))) + " s";
  return std::to_string(static_cast<int>(std::lround(seconds / 60))) + " min";
}

}  // namespace

std::vector<std::string> train_presets() { return preset_names(); }

bool distributed_training_available() { return RankGroup::available(); }

std::vector<std::string> train_setting_keys() { return setting_keys(); }

std::string describe_train_preset(const std::string& name) {
  try {
    return find_preset(name).summary;
  } catch (const InputError&) {
    return "";
  }
}

void check_train_settings(const std::string& preset_name, const std::string& settings) {
  TrainPreset preset = find_preset(preset_name);
  apply_settings(preset, settings);
}

namespace {

TrainResult run_training(const TrainOptions& o, const TrainCallbacks& tc) {
  using Clock = std::chrono::steady_clock;
  // Rank 0 alone writes; the others only read the model on resume (load_model_file checks it).
  const bool writer = o.ranks.rank == 0;
  // Loading the images reports through the core's generic callbacks: their progress becomes
  // training progress at iteration 0 (rank 0 reports for the job).
  Callbacks cb;
  cb.should_cancel = tc.should_cancel;
  cb.warning = tc.warning;
  if (tc.progress && writer)
    cb.progress = [&tc](double fraction, const std::string& text) {
      TrainProgress p;
      p.fraction = fraction;
      p.text = text;
      tc.progress(p);
    };
  if (writer) check_output(o);
  std::error_code same_error;
  if (!o.a.folder.empty() && std::filesystem::equivalent(o.a.folder, o.b.folder, same_error))
    throw InputError(Message{CYCLEGAN_MESSAGE("Domain A and domain B are the same folder (%s): CycleGAN learns the "
                                              "difference between two sets, so give it two different ones."),
                             {o.a.folder}});
  if (o.minutes < 0 || o.epochs < 0 || o.iterations < 0)
    throw InputError("Training budgets (minutes, epochs, iterations) cannot be negative.");
  configure_threads(o.threads);
  // A world of one never touches c10d.
  std::unique_ptr<RankGroup> group;
  if (o.ranks.world_size > 1) {
    RankSetup setup;
    setup.rank = o.ranks.rank;
    setup.world_size = o.ranks.world_size;
    setup.master_addr = o.ranks.master_addr;
    setup.master_port = o.ranks.master_port;
    setup.timeout_seconds = o.ranks.timeout_seconds;
    group = std::make_unique<RankGroup>(setup);
  }

  // On resume the file decides the networks, the preset and the size; the options cannot change them.
  ModelFile model;
  std::string preset_name = o.preset;
  if (o.resume) {
    model = load_model_file(o.output, /*with_training_state=*/true);
    if (model.training_state_damaged)
      throw CheckpointError(Message{CYCLEGAN_MESSAGE("Cannot resume from %s: its training state is damaged; the "
                                                     "model still translates, but training must start again "
                                                     "without --resume (into another file to keep this one)."),
                                    {o.output}});
    if (!model.has_training_state || !model.g || !model.f || !model.d_a || !model.d_b)
      throw CheckpointError(Message{CYCLEGAN_MESSAGE("Cannot resume from %s: it holds no training state (an "
                                                     "imported or finished model); train a new model instead."),
                                    {o.output}});
    if (!model.training_preset.empty()) preset_name = model.training_preset;
  }
  // A resumed model keeps the domain names it was trained with: the folders may be named otherwise.
  const std::string domain_a = o.resume && !model.domain_a.empty() ? model.domain_a : o.domain_a;
  const std::string domain_b = o.resume && !model.domain_b.empty() ? model.domain_b : o.domain_b;
  TrainPreset preset = find_preset(preset_name);
  const int size = o.resume ? model.train_size : o.image_size;
  if (size > 0) set_training_size(preset, size);
  const std::string settings = canonical_settings(o.resume && o.settings.empty() ? model.training_settings : o.settings);
  const std::set<std::string> settings_given = apply_settings(preset, settings);
  if (o.resume) preset.preprocess.crop_size = model.train_size;  // the file decides the size
  const torch::Device device = choose_device(o.device);  // a device that is not there fails before loading

  // The data come before the trainer's configuration: how many images there are decides the
  // small-set rule, which is part of the preset.
  TrainingImagesOptions data_options;
  data_options.preprocess = preset.preprocess;
  data_options.threads = std::max(1, at::get_num_threads());
  auto images_a = load_domain(o.a, domain_a, data_options, cb);
  auto images_b = load_domain(o.b, domain_b, data_options, cb);
  if (std::min(images_a->size(), images_b->size()) < static_cast<size_t>(preset.small_set_images))
    apply_small_set_rule(preset, settings_given);

  TrainerConfig config = preset.trainer;
  if (o.resume) {
    config.generator = model.g->spec();
    config.discriminator = model.d_a->spec();
  }
  config.device = device;
  config.seed = o.seed >= 0 ? static_cast<uint64_t>(o.seed) : std::random_device{}();
  if (group) {
    // One seed for the job (rank 0's): the shared sample order depends on it.
    std::vector<torch::Tensor> seed{torch::tensor({static_cast<int64_t>(config.seed)}, torch::kLong)};
    group->broadcast(seed, 0);
    config.seed = static_cast<uint64_t>(seed[0].item<int64_t>());
  }

  CycleGanNets nets;
  if (o.resume) {  // the feature discriminators, when the run has them, come from its training state
    nets.g = model.g;
    nets.f = model.f;
    nets.d_a = model.d_a;
    nets.d_b = model.d_b;
  }
  Trainer trainer(config, as_source(images_a), as_source(images_b), nets);
  if (o.resume) trainer.load_state(model.training_state);
  if (group) {
    share_rank0_weights(*group, trainer.nets());
    trainer.join(replica_of(*group));
  }
  const int ranks = o.ranks.world_size > 1 ? o.ranks.world_size : 1;
  if (preset.native_from < 1) {
    // The same images again, kept at their own size (warnings were given by the first load).
    TrainingImagesOptions native_options = data_options;
    native_options.preprocess = native_stage_preprocess(preset);
    Callbacks quiet = cb;
    quiet.warning = nullptr;
    trainer.set_late_sources(as_source(load_domain(o.a, domain_a, native_options, quiet)),
                             as_source(load_domain(o.b, domain_b, native_options, quiet)), preset.native_from);
  }

  // Budgets and the matching schedule (lr_schedule.h): official per-epoch decay when only
  // epochs bound the run, otherwise the budget shape ending where the budget ends.
  Budget budget;
  budget.epochs = o.epochs;
  budget.iterations = o.iterations;
  budget.seconds = o.minutes * 60;
  if (!budget.any()) budget.epochs = preset.n_epochs + preset.n_epochs_decay;
  // The pass limit is one more iteration budget, so the schedule decays to zero where it ends.
  const PassLimitedBudget kept = apply_pass_limit(budget.iterations, budget.seconds > 0, budget.epochs > 0,
                                                  preset.max_passes, trainer.iterations_per_epoch());
  budget.iterations = kept.iterations;
  // The one answer to "did the limit end this run?", for the verdict at each save and the stop sentence.
  const auto at_pass_limit = [&] { return kept.limited && trainer.iteration() >= budget.iterations; };
  if (budget.iterations > 0 || budget.seconds > 0) {
    trainer.set_schedule(LinearSchedule::per_budget(
        budget.iterations, budget.seconds > 0 ? trainer.seconds_trained() + budget.seconds : 0));
  } else if (budget.epochs == preset.n_epochs + preset.n_epochs_decay) {
    trainer.set_schedule(LinearSchedule::per_epoch(preset.n_epochs, preset.n_epochs_decay));
  } else {
    trainer.set_schedule(LinearSchedule::per_epoch((budget.epochs + 1) / 2, budget.epochs / 2));
  }

  TrainResult result;
  result.model_path = o.output;
  std::ostringstream configuration;
  configuration << describe_configuration(preset);
  // Which direction the scarce-colour rule took, for this pair (the description above says what it does).
  for (const auto& [name, start] : {std::pair{"G (A to B)", &trainer.start_maps().g},
                                    std::pair{"F (B to A)", &trainer.start_maps().f}})
    if (start->guessed_colour_gain > 0)
      // One decimal, as the learning check's verdict writes the same number.
      configuration << "\n  " << name << " would have to amplify colour " << std::fixed << std::setprecision(1)
                    << start->guessed_colour_gain << std::defaultfloat << std::setprecision(6)
                    << " times: it can only guess colour";
  if (preset.trainer.weights.lambda_texture_stats > 0 && preset.trainer.texture_smoothing_gate > 0) {
    const Trainer::TextureGains& gains = trainer.final_texture_gains();
    const bool g = gains.g.defined(), f = gains.f.defined();
    configuration << "\n  texture term for "
                  << (g && f ? "G and F" : g ? "G (A to B) alone" : f ? "F (B to A) alone" : "neither direction")
                  << std::fixed << std::setprecision(2) << " (neighbours differ at most " << gains.g_largest
                  << " times as much after G, " << gains.f_largest << " after F)" << std::defaultfloat
                  << std::setprecision(6);
  }
  if (!settings.empty()) configuration << "\n  settings " << settings;
  configuration << "\n  device " << config.device << ", "
                << at::get_num_threads() << " threads, seed " << config.seed << "\n  data: "
                << images_a->size() << " images in A (" << domain_a << "), " << images_b->size()
                << " in B (" << domain_b << "), " << trainer.iterations_per_epoch() << " iterations per epoch";
  if (ranks > 1)
    configuration << "\n  data-parallel: " << ranks << " ranks, " << ranks * config.batch_size
                  << " samples per iteration in all";
  result.configuration = configuration.str();
  if (tc.started && writer) tc.started(result.configuration);

  model.domain_a = domain_a;
  model.domain_b = domain_b;
  model.train_size = preset.preprocess.crop_size;
  model.training_config = result.configuration;
  model.training_preset = preset.name;
  model.training_settings = settings;
  const torch::Tensor check_a = sample_batch(*images_a, preset.preprocess.crop_size, kCheckImages);
  const torch::Tensor check_b = sample_batch(*images_b, preset.preprocess.crop_size, kCheckImages);
  RecentMean recent_d_a, recent_d_b, recent_g_a, recent_g_b;
  LearningVerdict verdict;
  auto save = [&] {
    LearningCheck check;
    check.gan_mode = config.weights.gan_mode;
    check.change_a_to_b = mean_change(*trainer.nets().g, check_a, config.device);
    check.change_b_to_a = mean_change(*trainer.nets().f, check_b, config.device);
    if (trainer.start_maps().g.map.defined()) {
      check.beyond_start_a_to_b = mean_change_beyond(*trainer.nets().g, trainer.start_maps().g.map, check_a, config.device);
      check.beyond_start_b_to_a = mean_change_beyond(*trainer.nets().f, trainer.start_maps().f.map, check_b, config.device);
    }
    check.d_a = recent_d_a.value();
    check.d_b = recent_d_b.value();
    check.g_a = recent_g_a.value();
    check.g_b = recent_g_b.value();
    check.guessed_colour_gain_a_to_b = trainer.start_maps().g.guessed_colour_gain;
    check.guessed_colour_gain_b_to_a = trainer.start_maps().f.guessed_colour_gain;
    check.at_pass_limit = at_pass_limit();
    verdict = judge_learning(check);
    model.learning_check = english(verdict.sentences);
    model.g = trainer.nets().g;
    model.f = trainer.nets().f;
    model.d_a = trainer.nets().d_a;
    model.d_b = trainer.nets().d_b;
    model.iterations = trainer.iteration();
    model.training_state = trainer.save_state();
    model.has_training_state = true;
    save_model_file(model, o.output);
  };

  LossLog log(writer ? o.log_path : "");
  torch::Tensor sheet_a, sheet_b;
  if (writer && !o.samples_path.empty()) {
    // The sheet's images are the first of the learning check's: prepared once.
    sheet_a = check_a.slice(0, 0, kSampleColumns);
    sheet_b = check_b.slice(0, 0, kSampleColumns);
  }

  const int64_t start_iteration = trainer.iteration();
  const int64_t per_epoch = trainer.iterations_per_epoch();
  const auto start = Clock::now();
  RunHooks hooks;
  hooks.should_stop = [&] { return cb.should_cancel && cb.should_cancel(); };
  if (writer) hooks.checkpoint = [&] {
    try {
      save();
    } catch (const OutputError& e) {
      // A full disk found at a periodic save ends the run there: the file keeps the last good
      // save, and the minutes after it are not spent on work that cannot be kept.
      throw OutputError(training_stopped_by(e, trainer.iteration()));
    }
  };
  hooks.checkpoint_seconds = o.save_every_minutes * 60;
  if (writer && !o.samples_path.empty()) {
    hooks.samples = [&] { save_sample_sheet(trainer.nets(), sheet_a, sheet_b, o.samples_path, {domain_a, domain_b}); };
    hooks.samples_seconds = o.samples_every_minutes * 60;
  }
  hooks.after_iteration = [&](const StepLosses& losses) {
    adapt_threads_to_free_cores();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    const int64_t done = trainer.iteration() - start_iteration;
    const double rate = done / std::max(elapsed, 1e-9);  // iterations per second
    // The budget's end, in iterations: the nearest of the ones set (time through the rate).
    double total = 1e300;
    if (budget.iterations > 0) total = std::min<double>(total, budget.iterations);
    if (budget.epochs > 0) total = std::min<double>(total, budget.epochs * per_epoch);
    if (budget.seconds > 0) total = std::min(total, trainer.iteration() + rate * std::max(0.0, budget.seconds - elapsed));
    total = std::max<double>(total, trainer.iteration());
    const double eta = (total - trainer.iteration()) / std::max(rate, 1e-9);

    TrainProgress p;
    p.iteration = trainer.iteration();
    p.total_iterations = static_cast<int64_t>(std::llround(total));
    p.epoch = trainer.epoch_of_last_batch();
    p.learning_rate = trainer.learning_rate();
    p.images_per_second = rate * 2 * config.batch_size * ranks;  // one A and one B per sample, all ranks
    p.eta_seconds = eta;
    p.elapsed_seconds = elapsed;
    p.losses = losses.named();
    recent_d_a.add(losses.d_a);
    recent_d_b.add(losses.d_b);
    recent_g_a.add(losses.g_a);
    recent_g_b.add(losses.g_b);
    LossRecord record{p.iteration, p.epoch, p.learning_rate, trainer.seconds_trained(), p.losses};
    log.add(record);
    if (!writer || !tc.progress) return;
    p.fraction = static_cast<double>(p.iteration) / std::max<int64_t>(1, p.total_iterations);
    p.text = "iteration " + std::to_string(p.iteration) + " of " + std::to_string(p.total_iterations) + ", " +
             minutes_text(eta) + " left";
    tc.progress(p);
  };

  const StopReason reason = trainer.run(budget, hooks);
  if (writer && !o.plot_path.empty()) {
    LossPlotOptions plot;
    plot.log_scale = o.plot_log_scale;
    save_loss_plot(log.records(), o.plot_path, plot);
  }

  result.iterations = trainer.iteration();
  result.epochs = trainer.completed_epochs();
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  result.cancelled = reason == StopReason::Cancel;
  result.stopped_by = stop_reason_name(reason);
  if (at_pass_limit()) {
    result.stopped_by = "passes";
    result.stop_sentences.push_back(
        pass_limit_sentence(preset.max_passes, std::max(images_a->size(), images_b->size())));
  }
  result.learned = verdict.learned;
  result.learning_caution = verdict.caution;
  result.learning_sentences = verdict.sentences;
  return result;
}

}  // namespace

TrainResult train(const TrainOptions& o, const TrainCallbacks& callbacks) {
  try {
    return run_training(o, callbacks);
  } catch (const std::exception& e) {
    // Memory can run out anywhere from loading the images to the last step; the saves before are
    // complete files (atomic), so the sentence can promise the last one.
    if (dynamic_cast<const Error*>(&e) || !is_out_of_memory(e)) throw;
    throw InputError(Message{CYCLEGAN_MESSAGE("Not enough memory to train with these settings: choose a smaller "
                                              "training size or the quick preset, or close other programs (%s "
                                              "keeps its last save, if any)."),
                             {o.output}});
  }
}

}  // namespace cyclegan
