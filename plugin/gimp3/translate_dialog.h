// The "CycleGAN Translate" dialog for GIMP 3: GIMP's generated procedure dialog for the
// arguments, plus our own widgets for what it cannot generate: a list of the installed models
// by their domain names and a file button, and direction labels that name the domains.
#pragma once

#include <libgimp/gimp.h>

#include "plugin/common/host.h"

namespace cyclegan::plugin::gimp3 {

// Shows the dialog; the user's choices land in `config`. False when the user cancelled.
// `drawable` (-1: none) is shown in the preview.
bool run_translate_dialog(GimpProcedure* procedure, GimpProcedureConfig* config, const Host& host, ItemId drawable);

}  // namespace cyclegan::plugin::gimp3
