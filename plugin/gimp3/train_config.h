// The arguments of plug-in-cyclegan-train in GIMP 3 (same names as in 2.10) and their mapping to
// plugin/common's TrainValues, for the procedure and its dialog. The measured speed for the
// dialog's estimate lives in auxiliary arguments: GIMP keeps them with the last values, scripts
// never see them.
#pragma once

#include <libgimp/gimp.h>

#include "plugin/common/train_values.h"

namespace cyclegan::plugin::gimp3 {

void add_train_arguments(GimpProcedure* procedure);

TrainValues train_values_from_config(GimpProcedureConfig* config);

// Stores the measured speed of `values` (see record_speed) into the auxiliary arguments.
void store_measured_speed(GimpProcedureConfig* config, const TrainValues& values);

}  // namespace cyclegan::plugin::gimp3
