#include "plugin/common/run_procedure.h"

#include <exception>

#include "plugin/common/failure.h"

namespace cyclegan::plugin {

RunOutcome run_procedure(RunMode mode, const ProcedureSteps& steps) {
  RunOutcome outcome;
  try {
    if (mode == RunMode::Interactive && !steps.dialog()) return {RunStatus::Cancel, ""};
    if (std::string problem = steps.check(); !problem.empty()) {
      if (mode == RunMode::NonInteractive) throw CallingError(problem);
      throw InputError(problem);
    }
    outcome.status = steps.work();
  } catch (const CallingError& e) {
    outcome = {RunStatus::CallingError, e.what()};
  } catch (...) {
    const Failure failure = describe_failure(std::current_exception());
    outcome.status = failure.cancelled ? RunStatus::Cancel : RunStatus::ExecutionError;
    outcome.message = failure.message;
  }
  return outcome;
}

}  // namespace cyclegan::plugin
