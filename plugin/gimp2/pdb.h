// GIMP 2.10's PDB side of a procedure: registration from plugin/common's argument table, the
// arguments read back by name, GIMP's last-values record, and the return values.
#pragma once

#include <libgimp/gimp.h>

#include <cstring>

#include "plugin/common/procedure_specs.h"
#include "plugin/common/run_procedure.h"

namespace cyclegan::plugin::gimp2 {

// Installs `spec` (after run-mode, image and drawable) in the CycleGAN menu.
void register_procedure(const ProcedureSpec& spec);

// Reads a script's arguments by name; remembered-only arguments read as their defaults. Throws
// CallingError when the count is not the table's.
ArgumentReader pdb_arguments(const ProcedureSpec& spec, gint nparams, const GimpParam* params);

RunMode run_mode_of(const GimpParam* params);

// The values `procedure` ran with last: this session's record (gimp_set_data), else the one kept
// across GIMP restarts as a persistent global parasite; `Values{}` when there is none or it has
// another layout (Values::version).
template <typename Values>
Values last_values(const char* procedure) {
  Values values, stored;
  if (gimp_get_data_size(procedure) == static_cast<gint>(sizeof stored)) {
    gimp_get_data(procedure, &stored);
  } else if (GimpParasite* kept = gimp_get_parasite(procedure)) {
    if (gimp_parasite_data_size(kept) == static_cast<glong>(sizeof stored))
      std::memcpy(&stored, gimp_parasite_data(kept), sizeof stored);
    gimp_parasite_free(kept);
  }
  if (stored.version == values.version) values = stored;
  return values;
}

// Keeps `values` for Filters → Repeat in this session and for the dialog after a restart (GIMP
// writes persistent parasites to parasiterc when it quits).
template <typename Values>
void remember_values(const char* procedure, const Values& values) {
  gimp_set_data(procedure, &values, sizeof values);
  GimpParasite* kept = gimp_parasite_new(procedure, GIMP_PARASITE_PERSISTENT, sizeof values, &values);
  gimp_attach_parasite(kept);
  gimp_parasite_free(kept);
}

// Fills *return_vals with the status (and the message as a second, string value, which GIMP
// shows as "... failed: <message>" and Script-Fu puts in its error); in an interactive run the
// message is also shown. The storage is static: GIMP reads it after run() returns.
void set_return(const RunOutcome& outcome, RunMode mode, gint* nreturn_vals, GimpParam** return_vals);

}  // namespace cyclegan::plugin::gimp2
