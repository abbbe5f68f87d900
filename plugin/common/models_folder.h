// Where installed models live and how a PDB "model" argument becomes a file. Needs only the
// GIMP profile folder (gimp_directory() in either GIMP API), so both front ends share it.
#pragma once

#include <string>

#include "core/cyclegan.h"

namespace cyclegan::plugin {

// `<gimp_dir>/cyclegan-models`: "Train Style Pair" saves here, "Translate" lists it.
std::string models_folder(const std::string& gimp_dir);

// Creates the folder if needed (a fresh GIMP profile has none). Throws cyclegan::OutputError.
void ensure_models_folder(const std::string& folder);

// The model file for a PDB argument that is either a path (absolute, or with a directory part,
// or an existing file) or the name of an installed model: "horse2zebra" or "horse2zebra.cgan"
// in `folder`. Throws cyclegan::InputError naming the argument and the folder searched.
std::string resolve_model(const std::string& model, const std::string& folder);

// One line per model in Translate's list, enough to tell two models of one pair apart:
// "horse ↔ zebra — h2z.cgan, 2026-12-03, 1600 iterations, quick" (translated). Imported and
// official files say so instead of an iteration count.
std::string model_list_label(const ModelInfo& model);

}  // namespace cyclegan::plugin
