// The two procedures in GIMP 3. GIMP fills the GimpProcedureConfig with a script's arguments or
// the last values and stores it again after a successful run; the flow and the work are
// plugin/common's, failures go back as a GError that GIMP shows.
#include "plugin/gimp3/procedures.h"

#include <vector>

#include "plugin/common/i18n.h"
#include "plugin/common/plugin_identity.h"
#include "plugin/common/run_procedure.h"
#include "plugin/common/train_run.h"
#include "plugin/common/translate_run.h"
#include "plugin/gimp3/config.h"
#include "plugin/gimp3/train_dialog.h"
#include "plugin/gimp3/translate_dialog.h"

namespace cyclegan::plugin::gimp3 {
namespace {

RunMode run_mode_of(GimpRunMode mode) {
  if (mode == GIMP_RUN_INTERACTIVE) return RunMode::Interactive;
  return mode == GIMP_RUN_WITH_LAST_VALS ? RunMode::WithLastValues : RunMode::NonInteractive;
}

GimpValueArray* return_values(GimpProcedure* procedure, const RunOutcome& outcome) {
  GimpPDBStatusType status = GIMP_PDB_SUCCESS;
  switch (outcome.status) {
    case RunStatus::Success: break;
    case RunStatus::Cancel: status = GIMP_PDB_CANCEL; break;
    case RunStatus::CallingError: status = GIMP_PDB_CALLING_ERROR; break;
    case RunStatus::ExecutionError: status = GIMP_PDB_EXECUTION_ERROR; break;
  }
  GError* error = outcome.message.empty() ? nullptr : g_error_new_literal(GIMP_PLUG_IN_ERROR, 0, outcome.message.c_str());
  return gimp_procedure_new_return_values(procedure, status, error);
}

ItemId id_of(GimpImage* image) { return image ? gimp_image_get_id(image) : -1; }

GimpValueArray* run_translate(GimpProcedure* procedure, GimpRunMode run_mode, GimpImage* image,
                              GimpDrawable** drawables, GimpProcedureConfig* config, gpointer) {
  GimpHost host;
  const RunMode mode = run_mode_of(run_mode);
  TranslateValues values;
  std::vector<ItemId> targets;
  for (GimpDrawable** d = drawables; d && *d; ++d) targets.push_back(gimp_item_get_id(GIMP_ITEM(*d)));
  return return_values(
      procedure, run_procedure(mode, {[&] { return run_translate_dialog(procedure, config, host, targets.empty() ? -1 : targets[0]); },
                                      [&] {
                                        values = translate_values_from(config_arguments(config));
                                        return validate(values);
                                      },
                                      [&] {
                                        translate_layers(host, id_of(image), targets, values, mode == RunMode::Interactive);
                                        if (mode != RunMode::NonInteractive) host.flush_displays();
                                        return RunStatus::Success;
                                      }}));
}

GimpValueArray* run_train(GimpProcedure* procedure, GimpRunMode run_mode, GimpImage* image, GimpDrawable**,
                          GimpProcedureConfig* config, gpointer) {
  GimpHost host;
  const RunMode mode = run_mode_of(run_mode);
  TrainValues values;
  return return_values(
      procedure,
      run_procedure(mode, {[&] { return run_train_dialog(procedure, config, host, id_of(image)); },
                           [&] {
                             values = train_values_from(config_arguments(config));
                             return validate(values);
                           },
                           [&] {
                             gegl_init(nullptr, nullptr);
                             const TrainResult result = train_model(host, id_of(image), values,
                                                                    mode == RunMode::Interactive);
                             // The measured speed, for the next dialog's estimate.
                             g_object_set(config, "seconds-per-iteration", values.seconds_per_iteration,
                                          "measured-preset", values.measured_preset, "measured-image-size",
                                          values.measured_image_size, nullptr);
                             if (mode != RunMode::NonInteractive) host.flush_displays();
                             return training_status(result, mode);
                           }}));
}

GimpProcedure* create_procedure(GimpPlugIn* plug_in, const ProcedureSpec& spec, GimpRunImageFunc run,
                                GimpProcedureSensitivityMask sensitivity) {
  GimpProcedure* procedure =
      gimp_image_procedure_new(plug_in, spec.name, GIMP_PDB_PROC_TYPE_PLUGIN, run, nullptr, nullptr);
  gimp_procedure_set_image_types(procedure, spec.image_types);
  gimp_procedure_set_sensitivity_mask(procedure, sensitivity);
  gimp_procedure_set_menu_label(procedure, spec.menu_label);
  gimp_procedure_add_menu_path(procedure, kMenuPath);
  gimp_procedure_set_documentation(procedure, spec.blurb, spec.help, spec.help_id);
  gimp_procedure_set_attribution(procedure, "cyclegan-gimp authors", "cyclegan-gimp authors", "2026");
  add_arguments(procedure, spec);
  return procedure;
}

}  // namespace

GimpProcedure* create_translate_procedure(GimpPlugIn* plug_in) {
  return create_procedure(plug_in, translate_procedure_spec(), run_translate,
                          GimpProcedureSensitivityMask(GIMP_PROCEDURE_SENSITIVE_DRAWABLE |
                                                       GIMP_PROCEDURE_SENSITIVE_DRAWABLES));
}

GimpProcedure* create_train_procedure(GimpPlugIn* plug_in) {
  // Sources can be folders or other images: no drawable needed, but an image to look in.
  return create_procedure(plug_in, train_procedure_spec(), run_train,
                          GimpProcedureSensitivityMask(GIMP_PROCEDURE_SENSITIVE_DRAWABLE |
                                                       GIMP_PROCEDURE_SENSITIVE_DRAWABLES |
                                                       GIMP_PROCEDURE_SENSITIVE_NO_DRAWABLES));
}

}  // namespace cyclegan::plugin::gimp3
