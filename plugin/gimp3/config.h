// GIMP 3's side of plugin/common's argument tables: a GimpProcedure's arguments added from a
// table, and its GimpProcedureConfig read back by name (arguments, or GIMP's last values).
#pragma once

#include <libgimp/gimp.h>

#include "plugin/common/procedure_specs.h"

namespace cyclegan::plugin::gimp3 {

// Adds every argument of `spec`; remembered-only ones as auxiliary arguments (kept with the
// last values, never a script's argument).
void add_arguments(GimpProcedure* procedure, const ProcedureSpec& spec);

// Reads `config`, which must outlive the reader.
ArgumentReader config_arguments(GimpProcedureConfig* config);

}  // namespace cyclegan::plugin::gimp3
