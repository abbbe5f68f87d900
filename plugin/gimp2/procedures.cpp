// The two procedures in GIMP 2.10: where their values come from (the arguments, GIMP's last-values
// record or the dialog) and where the outcome goes; the rest is plugin/common.
#include "plugin/gimp2/procedures.h"

#include <string>

#include "plugin/common/models_folder.h"
#include "plugin/common/train_run.h"
#include "plugin/common/translate_run.h"
#include "plugin/common/host.h"
#include "plugin/gimp2/pdb.h"
#include "plugin/gimp2/train_dialog.h"
#include "plugin/gimp2/translate_dialog.h"

namespace cyclegan::plugin::gimp2 {

void run_translate(gint nparams, const GimpParam* params, gint* nreturn_vals, GimpParam** return_vals) {
  GimpHost host;
  const RunMode mode = run_mode_of(params);
  const gint32 image = params[1].data.d_image, drawable = params[2].data.d_drawable;
  const ProcedureSpec& spec = translate_procedure_spec();
  auto values = last_values<TranslateValues>(spec.name);
  const RunOutcome outcome = run_procedure(
      mode, {[&] {
               const std::string folder = models_folder(host.gimp_directory());
               ensure_models_folder(folder);
               return run_translate_dialog(host, drawable, values, folder);
             },
             [&] {
               if (mode == RunMode::NonInteractive) values = translate_values_from(pdb_arguments(spec, nparams, params));
               return validate(values);
             },
             [&] {
               gegl_init(nullptr, nullptr);
               translate_layers(host, image, {drawable}, values, mode == RunMode::Interactive);
               if (mode != RunMode::NonInteractive) host.flush_displays();
               if (mode == RunMode::Interactive) remember_values(spec.name, values);
               return RunStatus::Success;
             }});
  set_return(outcome, mode, nreturn_vals, return_vals);
}

void run_train(gint nparams, const GimpParam* params, gint* nreturn_vals, GimpParam** return_vals) {
  GimpHost host;
  const RunMode mode = run_mode_of(params);
  const gint32 image = params[1].data.d_image;
  const ProcedureSpec& spec = train_procedure_spec();
  auto values = last_values<TrainValues>(spec.name);
  const RunOutcome outcome = run_procedure(
      mode, {[&] { return run_train_dialog(host, image, values); },
             [&] {
               if (mode == RunMode::NonInteractive) values = train_values_from(pdb_arguments(spec, nparams, params));
               return validate(values);
             },
             [&] {
               gegl_init(nullptr, nullptr);
               const TrainResult result = train_model(host, image, values, mode == RunMode::Interactive);
               if (mode == RunMode::Interactive) remember_values(spec.name, values);
               if (mode != RunMode::NonInteractive) host.flush_displays();
               return training_status(result, mode);
             }});
  set_return(outcome, mode, nreturn_vals, return_vals);
}

}  // namespace cyclegan::plugin::gimp2
