// The settings of "Train Style Pair", as the PDB, the dialog and GIMP's "last values" see them
// (plain, fixed-size, versioned like TranslateValues), their checks and the dialog's summary line.
#pragma once

#include <cstdint>
#include <cstddef>
#include <string>

#include "core/cyclegan.h"

namespace cyclegan::plugin {

inline constexpr int kTrainValuesVersion = 1;

// Training images smaller than this on a side carry too little texture for a PatchGAN.
inline constexpr int kMinTrainImageSide = 16;

struct TrainValues {
  int version = kTrainValuesVersion;
  char source_a[2048] = {};   // see train_source.h
  char source_b[2048] = {};
  char model_name[256] = {};  // file name in the models folder, without ".cgan"
  double minutes = 10;        // time budget
  int preset = 0;             // 0 = quick, 1 = paper
  int image_size = 0;         // training crop; 0 = the preset's
  int resume = 0;             // 1 = continue the training stored in the model
  // Measured at the end of the last run, for the dialog's estimate (0 = never measured).
  double seconds_per_iteration = 0;
  int measured_preset = -1;
  int measured_image_size = 0;

  // Copies `value` into one of the char fields above (truncated to fit, always terminated).
  static void set(char* field, size_t size, const std::string& value);
};

// "quick", "paper" for the PDB's integer; "" when out of range.
std::string preset_name(int preset);

// What a preset is for, in plain words with the time it takes (translated); "" when out of range.
std::string preset_description(int preset);

// One translated sentence about what is wrong with the values, or "" when usable.
std::string validate(const TrainValues& values);

// `<models folder>/<model name>.cgan`.
std::string model_output_path(const std::string& models_folder, const std::string& model_name);

// "12 horse, 15 zebra images; ~0.4 s per iteration; 30 min ≈ 4500 iterations" (translated); the
// speed part only when `seconds_per_iteration` > 0 (measured on an earlier run).
std::string training_summary(size_t count_a, const std::string& domain_a, size_t count_b,
                             const std::string& domain_b, double minutes, double seconds_per_iteration);

// "Iteration 120, about 3 min left" (translated) for the progress bar. The plug-in's budget is
// time, so the time left is steady; the iterations it buys are an estimate that moves with the
// speed (the second stage is slower), so they are not shown as a total.
std::string training_progress_text(int64_t iteration, double eta_seconds);

// "3:07 elapsed, 4.2 iterations per second" (translated) for the training window.
std::string training_pace_text(double elapsed_seconds, double iterations_per_second);

}  // namespace cyclegan::plugin
