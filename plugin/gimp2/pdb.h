// GIMP 2.10's PDB side of a procedure: registration from plugin/common's argument table, the
// arguments read back by name, GIMP's last-values record, and the return values.
#pragma once

#include <libgimp/gimp.h>

#include "plugin/common/procedure_specs.h"
#include "plugin/common/run_procedure.h"

namespace cyclegan::plugin::gimp2 {

// Installs `spec` (after run-mode, image and drawable) in the CycleGAN menu.
void register_procedure(const ProcedureSpec& spec);

// Reads a script's arguments by name; remembered-only arguments read as their defaults. Throws
// CallingError when the count is not the table's.
ArgumentReader pdb_arguments(const ProcedureSpec& spec, gint nparams, const GimpParam* params);

RunMode run_mode_of(const GimpParam* params);

// The record gimp_set_data stored for `procedure`, or `Values{}` when there is none or it has
// another layout (Values::version).
template <typename Values>
Values last_values(const char* procedure) {
  Values values, stored;
  if (gimp_get_data_size(procedure) == static_cast<gint>(sizeof stored)) {
    gimp_get_data(procedure, &stored);
    if (stored.version == values.version) values = stored;
  }
  return values;
}

// Fills *return_vals with the status (and the message as a second, string value, which GIMP
// shows as "... failed: <message>" and Script-Fu puts in its error); in an interactive run the
// message is also shown. The storage is static: GIMP reads it after run() returns.
void set_return(const RunOutcome& outcome, RunMode mode, gint* nreturn_vals, GimpParam** return_vals);

}  // namespace cyclegan::plugin::gimp2
