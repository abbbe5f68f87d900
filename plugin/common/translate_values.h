// The settings of "CycleGAN Translate", as the PDB, the dialog and GIMP's "last values" store see
// them. Plain data of fixed size: GIMP keeps it as raw bytes between runs (gimp_set_data), so the
// layout is versioned: a record of another version is ignored, never misread.
#pragma once

#include <string>

#include "core/cyclegan.h"

namespace cyclegan::plugin {

// Bump when the layout or meaning of TranslateValues changes.
inline constexpr int kTranslateValuesVersion = 2;

// Tile sizes the plug-in accepts besides 0 (= automatic): smaller tiles lose too much context,
// larger ones need more memory than the automatic choice would ever pick.
inline constexpr int kMinTileSize = 64;
inline constexpr int kMaxTileSize = 4096;

struct TranslateValues {
  int version = kTranslateValuesVersion;
  char model[4096] = {};  // a path, or the name of an installed model
  int direction = 0;      // 0 = A->B, 1 = B->A (the PDB's integer)
  int tile_size = 0;      // 0 = automatic
  int output = 1;         // 0 = replace the layer's pixels, 1 = a new layer above it (the original stays)
  double opacity = 100;   // of the result over the original, in percent

  std::string model_string() const { return model; }
  void set_model(const std::string& value);
};

// One translated sentence saying what is wrong with the values, or "" when they are usable.
// Checks the values only; whether the model file exists is resolve_model()'s job.
std::string validate(const TranslateValues& values);

// The core's options for these values, with `model_path` already resolved.
TranslateOptions to_translate_options(const TranslateValues& values, const std::string& model_path);

}  // namespace cyclegan::plugin
