// The flow every CycleGAN procedure shares, whatever the GIMP: the dialog when interactive, the
// check of the values, then the work, with one guard that turns every exception into a status
// and one sentence. The front ends map the outcome onto their PDB's return values.
#pragma once

#include <functional>
#include <string>

#include "base/errors.h"

namespace cyclegan::plugin {

enum class RunMode { Interactive, NonInteractive, WithLastValues };

enum class RunStatus { Success, Cancel, CallingError, ExecutionError };

struct RunOutcome {
  RunStatus status = RunStatus::Success;
  std::string message;  // one sentence for the user; empty on success and cancel
};

// A script called the procedure wrongly (GIMP_PDB_CALLING_ERROR, not an execution error).
struct CallingError : InputError {
  using InputError::InputError;
};

struct ProcedureSteps {
  // Shows the dialog on the current values; false when the user cancelled it.
  std::function<bool()> dialog;
  // Reads the values (arguments or last values; may throw CallingError) and says what is wrong
  // with them, "" when usable.
  std::function<std::string()> check;
  // Does the job; returns Cancel when it stopped early but kept its result.
  std::function<RunStatus()> work;
};

// Wrong values are a calling error from a script, an execution error from the dialog or the
// last values. Nothing throws out of here.
RunOutcome run_procedure(RunMode mode, const ProcedureSteps& steps);

}  // namespace cyclegan::plugin
