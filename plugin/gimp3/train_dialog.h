// The "Train Style Pair" dialog for GIMP 3: GIMP's generated procedure dialog for the arguments
// (GimpProcedureConfig keeps the last values), plus a summary line recomputed on every change
// ("12 horse, 15 zebra images; …" or what is wrong) and the sources this image offers.
#pragma once

#include <libgimp/gimp.h>

#include "plugin/common/host.h"

namespace cyclegan::plugin::gimp3 {

// Shows the dialog; the user's choices land in `config`. False when the user cancelled.
bool run_train_dialog(GimpProcedure* procedure, GimpProcedureConfig* config, const Host& host, ItemId image);

}  // namespace cyclegan::plugin::gimp3
