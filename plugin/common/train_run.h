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
// an error: its model is saved and the result says cancelled.
TrainResult train_model(Host& host, ItemId image, TrainValues& values, bool interactive);

// In an interactive run, says in a message when the model did not learn (or only a little) and
// when training was stopped early with the model kept.
void report_training(Host& host, const TrainResult& result, bool interactive);

}  // namespace cyclegan::plugin
