// Training presets: the official recipe (`paper`) and smaller ones that fit CPU budgets. Every
// preset trains G and F with every loss (adversarial, cycle, identity); they differ in size.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/preprocess.h"
#include "core/trainer.h"

namespace cyclegan {

struct TrainPreset {
  std::string name;
  std::string summary;            // one line for --help and dialogs
  TrainerConfig trainer;          // networks, losses, Adam, pool, batch (seed/device left default)
  PreprocessOptions preprocess;   // load / crop sizes
  int64_t n_epochs = 100;         // official --n_epochs (full rate) when no budget is given
  int64_t n_epochs_decay = 100;   // official --n_epochs_decay
  // With few images (for quick: under 300) the discriminators soon judge the images rather than
  // the style, and their verdicts drag the generators away from a good start (toy grade test, 16
  // images per domain: the colour-transfer start scores 25.8 dB, 400 free iterations end at
  // 16.4, below nothing done). Below small_set_images in either domain, lambda_start becomes small_set_start
  // (< 0: no such rule); `--set lambda_start=...` overrides the rule. See apply_small_set_rule.
  int small_set_images = 0;
  double small_set_start = -1;
  // Two stages: from this fraction of the run on, crops come from the images at their own
  // resolution (PreprocessMode::Native, see native_stage_preprocess) instead of `preprocess`.
  // >= 1: one stage. Why: translation runs at full resolution, and a model trained only on
  // shrunken views never sees fine detail at that scale (measured in bench/RESULTS.md).
  double native_from = 1;
  // A run bounded by minutes or iterations stops after this many passes over the larger domain
  // (0: no limit; an epoch budget is always kept). On 20 images, 30 minutes of quick are 3,760
  // passes, and the generators end 2-4 dB worse than after 10 minutes (1,250 passes): the
  // discriminators have learnt those 20 pictures by heart, and the cycle loss climbs while the
  // generators chase them. On 50 images 1,000 passes already end below 500 (bench/RESULTS.md).
  int64_t max_passes = 0;
};

// The second stage's preprocessing: native mode, the same crop and flip, and the shorter side
// capped at kNativeCapInCrops crops (memory: the cache holds whole images).
constexpr int kNativeCapInCrops = 8;
PreprocessOptions native_stage_preprocess(const TrainPreset& preset);

// "quick", "paper" (and "tiny", for tests). Throws InputError naming the choices otherwise.
TrainPreset find_preset(const std::string& name);
std::vector<std::string> preset_names();

// What a small set changes (the preset's small_set_images, small_set_start): G and F are held
// near their colour start (lambda_start = small_set_start), and the cycle trains only the way
// back (cycle_grad_first = 0). On a lossy look the cycle's pull on the fake's maker is what makes
// G leave a faint trace of what it removed, for F to read back, and real images of the target
// carry no such trace; so the start G is held to removes colour fully where the target has none
// (ColourFloor::SourceOnly). Without that pull, only the hold ties G's output to its input pixel
// by pixel, so it compares every pixel (start_pool = 1; in 8 px regions, smooth toy images lost
// 2-3 dB and the sketch task 1 dB: bench/RESULTS.md). A direction that would have to invent colour
// its source lacks (the way back from sepia, black and white or a sketch: a chroma gain over 2.5;
// colour grades, textures and the rendered balls stay under 1.9) starts with gains of at most 1,
// is held 4 times as strongly, its cycle no longer teaches the other generator to undo it, and its
// discriminator is not heard (TrainerConfig::scarce_colour_*): it learns its way back only from
// the other generator's fakes, through that generator's cycle. Guessed colour scores below a mean
// tint, and undoing dull fakes taught G on dull inputs (RESULTS.md: sepia's worst seeds G +0.8 dB,
// F +1.4 dB, above moment matching).
// Settings named in `given` (as `--set` keys) stay as given; with the hold set to 0 the rest of
// the rule is off too.
void apply_small_set_rule(TrainPreset& preset, const std::set<std::string>& given);

// Sets the crop size and scales the load size by the preset's load/crop ratio (286/256).
void set_training_size(TrainPreset& preset, int crop_size);

// The chosen configuration, several lines, for the CLI and the model file.
std::string describe_configuration(const TrainPreset& preset);

}  // namespace cyclegan
