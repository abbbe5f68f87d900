// The work of "Train Style Pair" once its values are known, for both GIMPs: the plan (sources,
// checks), GIMP's progress bar, the Stop window when interactive, training below GIMP's priority
// into the models folder, the sample sheet, and what the user is told at the end.
#pragma once

#include "core/cyclegan.h"
#include "plugin/common/host.h"
#include "plugin/common/run_procedure.h"
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

// What a finished run answers GIMP. A stopped run keeps its model: a script learns from CANCEL
// that its budget was not used, while a run from the dialog or Filters → Repeat, where Stop is
// the usual way to end, is a success, so that GIMP keeps the dialog's values (GIMP 3 keeps
// them only after a success) and Repeat offers the run again.
RunStatus training_status(const TrainResult& result, RunMode mode);

}  // namespace cyclegan::plugin
