// The work of "Train Style Pair" once its values are known, for both GIMPs: the plan (sources,
// checks), GIMP's progress bar, the Stop window when interactive, training below GIMP's priority
// into the models folder, the sample sheet, and what the user is told at the end.
#pragma once

#include "core/cyclegan.h"
#include "plugin/common/host.h"
#include "plugin/common/train_values.h"

namespace cyclegan::plugin {

// Trains; `values` gets the measured speed for the next dialog's estimate. Throws
// cyclegan::InputError for unusable sources, the core's errors otherwise. A stopped run is not
// an error: its model is saved and the result says cancelled. When interactive, the training
// window ends by saying where the model was saved and whether it learned (training_outcome),
// and opens the sample sheet only if asked to.
TrainResult train_model(Host& host, ItemId image, TrainValues& values, bool interactive);

// What the user is told at the end: "Model saved as NAME after N iterations." (or that it was
// stopped, with the model kept), then the learning check's verdict: how much G and F change
// images, and what limits them when something does.
std::string training_outcome(const TrainResult& result);

}  // namespace cyclegan::plugin
