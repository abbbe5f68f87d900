// plug-in-cyclegan-train for GIMP 3 (Filters → CycleGAN → Train Style Pair…).
#pragma once

#include <libgimp/gimp.h>

namespace cyclegan::plugin::gimp3 {

GimpProcedure* create_train_procedure(GimpPlugIn* plug_in);

}  // namespace cyclegan::plugin::gimp3
