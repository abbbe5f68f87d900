// cyclegan-gimp's public interface: everything a front end (plugin/, cli/) needs, and nothing
// from LibTorch or GIMP, so the GIMP glue compiles in seconds.
//
//   cyclegan::Model model = cyclegan::Model::open("horse2zebra.cgan");  // or an official G .pth
//   cyclegan::TranslateParams params;
//   params.to_domain = "zebra";                   // or params.direction = Direction::AtoB
//   cyclegan::Callbacks cb;
//   cb.progress = [](double f, const std::string&) { ... };
//   cyclegan::PixelBuffer img = ...;              // float sRGB, interleaved Y/YA/RGB/RGBA
//   cyclegan::translate(model, img, params, cb);  // in place, as often as needed; throws cyclegan::Error
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/errors.h"

namespace cyclegan {

// Pixels as the GIMP layer holds them: interleaved float, sRGB-encoded (R'G'B', not linear),
// nominally 0..1; channels: 1 = Y, 2 = YA, 3 = RGB, 4 = RGBA. Alpha passes through untouched.
struct PixelBuffer {
  int width = 0;
  int height = 0;
  int channels = 0;
  std::vector<float> data;  // width * height * channels

  bool has_alpha() const { return channels == 2 || channels == 4; }
  int color_channels() const { return has_alpha() ? channels - 1 : channels; }
};

enum class Direction {
  AtoB,  // G: domain A -> domain B (e.g. horse -> zebra)
  BtoA,  // F: domain B -> domain A
};

// What a long-running call reports and how it is stopped. All optional.
struct Callbacks {
  // fraction in [0, 1]; text like "tile 3 of 12" or "iteration 120 of 4500, 3 min left".
  std::function<void(double fraction, const std::string& text)> progress;
  // Polled often (per tile, per iteration); returning true makes the call throw Cancelled.
  std::function<bool()> should_cancel;
  // Non-fatal problems (a skipped corrupt image, converted grayscale images), each as whole
  // sentences kept as formats and arguments: english() or a front end's translation makes them text.
  std::function<void(const std::vector<Message>& sentences)> warning;
};

// What a model file holds, for dialogs and `cyclegan info`.
struct ModelInfo {
  std::string path;
  bool official = false;       // an official generator .pth (one direction only)
  int format_version = 0;      // our model file's format version (0 for official files)
  std::string domain_a;        // e.g. "horse"
  std::string domain_b;        // e.g. "zebra"
  std::string generator;       // NetworkSpec::describe() of G and F
  std::string discriminator;   // empty when the file holds no discriminators
  bool has_a_to_b = false;     // holds G (A->B); an official .pth counts as G
  bool has_b_to_a = false;     // holds F (B->A)
  int64_t parameters = 0;      // weights in all networks of the file (0 = not counted)
  int train_size = 0;          // crop size the model was trained at (0 = unknown)
  int64_t iterations = 0;      // training iterations done so far
  bool has_training_state = false;  // optimizers, pools, RNG: training can resume exactly
  bool training_state_damaged = false;  // only set by read_model_info(path, true): resume refused
  std::string created;         // ISO 8601 UTC
  std::string updated;
  std::string learning_check;  // the trainer's verdict at the last save ("" for older files)
  std::string preset;          // the training preset ("" for imported and older files)

  // "horse ↔ zebra" (or the file name for an official file).
  std::string display_name() const;
};

// Reads the header of our model file or an official .pth. Throws CheckpointError.
// check_training_state also reads and checks the training state (most of a model file).
ModelInfo read_model_info(const std::string& path, bool check_training_state = false);

// Our model files (*.cgan) in a folder, sorted by display name; unreadable files are skipped.
std::vector<ModelInfo> list_models(const std::string& folder);

// Where a model's sample sheet lives: beside it, "style.cgan" -> "style-samples.png" (what
// `cyclegan train` and the GIMP plug-in write, and what Translate's dialog shows).
std::string sample_sheet_path(const std::string& model_path);

struct TranslateParams {
  Direction direction = Direction::AtoB;  // ignored for an official file (it has one direction)
  std::string to_domain;                  // if set, overrides direction: "zebra" picks A->B
  int tile_size = 0;                      // 0 = automatic (bounded memory)
  int threads = 0;                        // 0 = the cores other programs leave free
  std::string device = "auto";            // "auto", "cpu", "cuda"
};

// The generators of a model file, read once and run many times (a folder of images, a preview
// that follows the view). Copies share the loaded networks.
class Model {
 public:
  // Our model file (.cgan) or an official generator .pth. Throws CheckpointError with one
  // sentence naming the file.
  static Model open(const std::string& path);

  const std::string& path() const;
  // What the file holds (read_model_info of it, read once at open).
  const ModelInfo& info() const;
  // What `params` picks: "horse -> zebra (G, resnet_9blocks ngf 64, instance norm)". Throws
  // InputError / CheckpointError as translate would (unknown domain, missing direction).
  std::string describe(const TranslateParams& params) const;

  struct Loaded;  // core/translate_api.cpp

 private:
  std::shared_ptr<const Loaded> loaded_;
  friend void translate(const Model&, PixelBuffer&, const TranslateParams&, const Callbacks&);
};

// Translates `image` in place with the generator `params` picks, at full resolution, tile by
// tile. Throws Error subclasses (Cancelled when callbacks.should_cancel says so).
void translate(const Model& model, PixelBuffer& image, const TranslateParams& params, const Callbacks& callbacks = {});

// One call for one image: opens `model`, translates, forgets it.
struct TranslateOptions : TranslateParams {
  std::string model;  // path of our model file or of an official G .pth
};
void translate(PixelBuffer& image, const TranslateOptions& options, const Callbacks& callbacks = {});

// ---- Import of official checkpoints (core/import_api.cpp) ----------------------------------

// The official code's checkpoints (latest_net_G_A.pth, ...) combined into one model file. Official
// naming: G_A translates A -> B (our G), G_B translates B -> A (our F), D_A judges domain B images,
// D_B domain A images. At least one generator; empty paths are left out.
struct ImportOptions {
  std::string g_a, g_b, d_a, d_b;
  std::string domain_a = "A", domain_b = "B";
  int train_size = 0;  // crop size the networks were trained at (0 = unknown)
  std::string output;  // the model file to write, atomically
};
// Throws InputError (a file of the wrong role, generators of different architectures, missing or
// equal domain names), CheckpointError (unreadable checkpoints) or OutputError.
void import_official(const ImportOptions& options);

// ---- Training (core/train_api.cpp) ------------------------------------------------------
//
//   cyclegan::TrainOptions opt;
//   opt.a.folder = "photos/"; opt.b.folder = "paintings/";   // or opt.a.images / opt.a.names
//   opt.output = "style.cgan"; opt.preset = "quick"; opt.minutes = 10;
//   cyclegan::TrainResult r = cyclegan::train(opt, cb);      // saves every few minutes and at the end

// One domain's training images: a folder (searched recursively) or images already in memory
// (e.g. GIMP layers). When `images` is not empty it is used and `folder` is ignored.
struct TrainImages {
  std::string folder;
  std::vector<PixelBuffer> images;
  std::vector<std::string> names;  // one per image, for messages; may be empty
};

// Where training is, given to TrainCallbacks::progress while the images load (iteration 0) and
// after every iteration.
struct TrainProgress {
  double fraction = 0;          // of the whole run, in [0, 1]
  // "decoding images of horse: 12 of 50" or "iteration 120 of 4500, 3 min left"
  std::string text;
  int64_t iteration = 0;        // iterations done, counting earlier (resumed) runs
  int64_t total_iterations = 0; // where the budget ends (estimate when it is a time budget)
  int64_t epoch = 0;            // epoch of the iteration just done, 1-based as in the official code
  double learning_rate = 0;
  double images_per_second = 0; // training images (A and B) per second, this run
  double eta_seconds = 0;       // until the budget ends
  double elapsed_seconds = 0;   // this run
  // Losses of the last iteration, official names: D_A G_A cycle_A idt_A D_B G_B cycle_B idt_B.
  std::vector<std::pair<std::string, double>> losses;
};

struct TrainOptions {
  TrainImages a, b;                 // domain A and domain B (unpaired)
  std::string domain_a = "A";       // names stored in the model ("photo", "painting")
  std::string domain_b = "B";
  std::string preset = "quick";     // "quick", "standard" or "paper" (train_presets())
  // Budgets: training stops at the first one reached; 0 = not set. With none set, the preset's
  // epoch count applies. On resume, epochs/iterations count from the start of the first run.
  double minutes = 0;
  int64_t epochs = 0;
  int64_t iterations = 0;
  int image_size = 0;               // training crop in pixels; 0 = the preset's
  // Hyper-parameters changed by official option name, "lr=0.001,n_layers_D=2" (preset_settings.h);
  // applied after the preset and image_size. On resume, empty = the ones the model was trained with.
  std::string settings;
  std::string output;               // model file to write (atomically)
  bool resume = false;              // continue the training state stored in `output`
  int64_t seed = -1;                // < 0 = random; same seed + threads 1 on CPU = same model
  int threads = 0;                  // 0 = all cores
  std::string device = "auto";      // "auto", "cpu", "cuda"
  double save_every_minutes = 5;    // periodic save of `output`; 0 = only at the end
  double samples_every_minutes = 2; // sample sheet refresh; 0 = only at the end
  std::string log_path;             // loss log, JSON lines, appended; empty = none
  std::string samples_path;         // sample sheet PNG; empty = none
  std::string plot_path;            // loss plot PNG written at the end; empty = none
  bool plot_log_scale = false;      // the loss plot's loss axes logarithmic
  // Data-parallel training (README "Several processes and machines"): this process is rank
  // `rank` of `world_size`, every rank started with the same options and images; rank 0 listens
  // at master_addr:master_port and alone writes the model, log, samples and plot and reports
  // progress. A world of one is an ordinary single-process run.
  struct Ranks {
    int rank = 0;
    int world_size = 1;
    std::string master_addr = "127.0.0.1";
    int master_port = 29500;
    double timeout_seconds = 60;    // how long a missing or silent rank is waited for
  } ranks;
};

// What training reports and how it is stopped: one channel each, all optional.
struct TrainCallbacks {
  // The chosen configuration (several lines), once, before the first iteration.
  std::function<void(const std::string& configuration)> started;
  std::function<void(const TrainProgress&)> progress;
  // Polled between iterations; true stops training, which saves the model trained so far.
  std::function<bool()> should_cancel;
  // Non-fatal problems (a skipped corrupt image, converted grayscale images), each as whole
  // sentences kept as formats and arguments: english() or a front end's translation makes them text.
  std::function<void(const std::vector<Message>& sentences)> warning;
};

struct TrainResult {
  std::string model_path;
  int64_t iterations = 0;   // total, counting resumed runs
  int64_t epochs = 0;       // completed epochs
  double seconds = 0;       // this run
  bool cancelled = false;   // stopped by TrainCallbacks::should_cancel; the model is saved anyway
  // "epochs", "iterations", "minutes", "cancel", or "passes": the preset's limit on passes over
  // a small set ended a run bounded by minutes or iterations (stop_sentences says so).
  std::string stopped_by;
  std::vector<Message> stop_sentences;
  std::string configuration;  // the chosen configuration, printable (several lines)
  // Whether the model visibly does something (learning_check.h): false when G or F returns
  // images almost unchanged. learning_caution: it works, but the discriminators won outright or
  // it applies little beyond the colour transfer it started as. learning_sentences: what the user
  // reads, with what to try when !learned or learning_caution, as formats and arguments, so a
  // front end can show them translated; english(learning_sentences) gives the English text.
  bool learned = true;
  bool learning_caution = false;
  std::vector<Message> learning_sentences;
};

// Trains G (A->B) and F (B->A) and writes `output`. Cancelling does NOT throw: the model trained
// so far is saved and the result says cancelled. Throws InputError / OutputError / CheckpointError.
TrainResult train(const TrainOptions& options, const TrainCallbacks& callbacks = {});

// Whether this build can train as several processes (TrainOptions::ranks); false when it was
// built without LibTorch's Gloo backend.
bool distributed_training_available();

// The keys TrainOptions::settings accepts ("lr", "batch_size", ...), sorted.
std::vector<std::string> train_setting_keys();

// Throws InputError, as train() would, when `settings` (TrainOptions::settings) holds an unknown
// key or a bad value for `preset`: front ends check a command line before loading any image.
void check_train_settings(const std::string& preset, const std::string& settings);

// Names of the presets, fastest first, and one line describing one ("" if unknown).
std::vector<std::string> train_presets();
std::string describe_train_preset(const std::string& name);

}  // namespace cyclegan
