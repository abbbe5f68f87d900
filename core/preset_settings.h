// `--set KEY=VALUE,...`: changes one preset's hyper-parameters by the official option names
// (lr, n_layers_D, lambda_identity, ...) without a new preset, so ML engineers can try recipes
// from the terminal and the model file records what was trained (train_api.cpp stores the list
// and re-applies it on --resume).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/presets.h"

namespace cyclegan {

// Applies "lr=0.001,n_layers_D=2" (commas or spaces between entries) to `preset`, in order, and
// returns the keys it set (rules such as the small-set identity weight yield to them).
// Throws InputError naming the bad entry and the known keys.
std::set<std::string> apply_settings(TrainPreset& preset, const std::string& settings);

// The same list in one canonical spelling, "lr=0.001,n_layers_D=2" (entries in the given order,
// commas between them; "" for none), as the model file stores it. Throws like apply_settings for
// an entry that is not KEY=VALUE with a known key; values are checked when applied.
std::string canonical_settings(const std::string& settings);

// The keys apply_settings accepts, for --help and error messages.
std::vector<std::string> setting_keys();

}  // namespace cyclegan
