// "CycleGAN Translate" for GIMP 3: plug-in-cyclegan-translate, an image procedure on one or
// more selected drawables, with the same arguments as the GIMP 2.10 procedure (model,
// direction, tile-size) apart from what GIMP 3 changed (an array of drawables).
#pragma once

#include <libgimp/gimp.h>

namespace cyclegan::plugin::gimp3 {

GimpProcedure* create_translate_procedure(GimpPlugIn* plug_in);

}  // namespace cyclegan::plugin::gimp3
