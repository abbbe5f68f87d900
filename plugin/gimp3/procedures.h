// The procedures of the GIMP 3 plug-in, built from plugin/common's tables: plugin_main.cpp asks
// for them by name.
#pragma once

#include <libgimp/gimp.h>

namespace cyclegan::plugin::gimp3 {

GimpProcedure* create_translate_procedure(GimpPlugIn* plug_in);
GimpProcedure* create_train_procedure(GimpPlugIn* plug_in);

}  // namespace cyclegan::plugin::gimp3
