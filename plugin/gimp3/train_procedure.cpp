// plug-in-cyclegan-train for GIMP 3. GIMP fills the GimpProcedureConfig with the arguments or the
// last values; plugin/common/train_plan.h resolves the sources and checks them; this file adds
// the progress, the Stop window and the GError on failure. Training writes into the models
// folder, where "Translate" finds the model at once.
#include "plugin/gimp3/train_procedure.h"

#include <glib/gstdio.h>

#include <exception>
#include <memory>
#include <string>

#include "core/cyclegan.h"
#include "plugin/common/background_priority.h"
#include "plugin/common/failure.h"
#include "plugin/common/i18n.h"
#include "plugin/common/models_folder.h"
#include "plugin/common/plugin_identity.h"
#include "plugin/common/train_plan.h"
#include "plugin/gimp3/train_config.h"
#include "plugin/gimp3/train_dialog.h"
#include "plugin/gimp3/train_sources.h"
#include "plugin/gimp3/training_window.h"

namespace cyclegan::plugin::gimp3 {
namespace {

// Opens the trainer's sample sheet (real A, G(A), F(G(A)); real B, ...) as a new image.
void show_samples(const std::string& path) {
  if (!g_file_test(path.c_str(), G_FILE_TEST_IS_REGULAR)) return;
  GFile* file = g_file_new_for_path(path.c_str());
  GimpImage* image = gimp_file_load(GIMP_RUN_NONINTERACTIVE, file);
  g_object_unref(file);
  if (image) gimp_display_new(image);
}

std::string temp_png() {
  GFile* file = gimp_temp_file("png");
  gchar* path = g_file_get_path(file);
  std::string result = path ? path : "";
  g_free(path);
  g_object_unref(file);
  return result;
}

TrainResult train_model(GimpImage* image, TrainValues& values, GimpRunMode run_mode, const std::string& folder) {
  ensure_models_folder(folder);
  TrainPlan plan = plan_training(train_host(image), values, folder);
  TrainOptions& options = plan.options;
  options.samples_path = temp_png();
  const std::string domain_a = options.domain_a, domain_b = options.domain_b;

  const int64_t start_iteration = plan.exists ? read_model_info(options.output).iterations : 0;
  std::unique_ptr<TrainingWindow> window;
  if (run_mode == GIMP_RUN_INTERACTIVE)
    window = std::make_unique<TrainingWindow>(format(_("Training %s ↔ %s"), domain_a.c_str(), domain_b.c_str()));
  gimp_progress_init(format(_("Training CycleGAN %s ↔ %s"), domain_a.c_str(), domain_b.c_str()).c_str());

  const long long stop_after = test_cancel_after_iterations();
  int64_t iteration = start_iteration;
  options.on_progress = [&](const TrainProgress& p) {
    iteration = p.iteration;
    const double fraction = p.total_iterations > 0 ? double(p.iteration) / p.total_iterations : 0;
    const std::string text = training_progress_text(p.iteration, p.total_iterations, p.eta_seconds);
    gimp_progress_update(fraction);
    gimp_progress_set_text(text.c_str());
    if (window) window->update(fraction, text);
  };
  Callbacks callbacks;
  callbacks.should_cancel = [&] {
    if (stop_after > 0 && iteration - start_iteration >= stop_after) return true;
    return window && window->stop_requested();
  };
  callbacks.warning = [](const std::string& message) { g_message("%s", message.c_str()); };

  run_below_gimp();  // a refusal only means training competes with GIMP as before
  TrainResult result = train(options, callbacks);
  window.reset();
  gimp_progress_update(1.0);
  record_speed(values, result, start_iteration);
  if (run_mode == GIMP_RUN_INTERACTIVE) show_samples(options.samples_path);
  g_remove(options.samples_path.c_str());
  return result;
}

GimpValueArray* failure(GimpProcedure* procedure, GimpPDBStatusType status, const std::string& message) {
  GError* error = g_error_new_literal(GIMP_PLUG_IN_ERROR, 0, message.c_str());
  return gimp_procedure_new_return_values(procedure, status, error);
}

GimpValueArray* run_train(GimpProcedure* procedure, GimpRunMode run_mode, GimpImage* image, GimpDrawable**,
                          GimpProcedureConfig* config, gpointer) {
  if (run_mode == GIMP_RUN_INTERACTIVE && !run_train_dialog(procedure, config, image))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CANCEL, nullptr);

  TrainValues values = train_values_from_config(config);
  if (std::string problem = validate(values); !problem.empty())
    return failure(procedure, run_mode == GIMP_RUN_NONINTERACTIVE ? GIMP_PDB_CALLING_ERROR : GIMP_PDB_EXECUTION_ERROR,
                   problem);

  // The one guard of this entry point: no exception crosses into libgimp.
  TrainResult result;
  try {
    gegl_init(nullptr, nullptr);
    result = train_model(image, values, run_mode, models_folder(gimp_directory()));
  } catch (...) {
    Failure f = describe_failure(std::current_exception());
    if (f.cancelled) return gimp_procedure_new_return_values(procedure, GIMP_PDB_CANCEL, nullptr);
    return failure(procedure, GIMP_PDB_EXECUTION_ERROR, f.message);
  }
  store_measured_speed(config, values);
  if (run_mode != GIMP_RUN_NONINTERACTIVE) gimp_displays_flush();
  // A model that does nothing must not be handed over in silence.
  if ((!result.learned || result.learning_caution) && run_mode == GIMP_RUN_INTERACTIVE)
    g_message("%s", result.learning_summary.c_str());
  if (result.cancelled) {
    // Not a failure: the model so far is saved. CANCEL tells a script that the budget was not used.
    if (run_mode == GIMP_RUN_INTERACTIVE)
      g_message(_("Training stopped after %lld iterations; the model is saved as %s."),
                static_cast<long long>(result.iterations), result.model_path.c_str());
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CANCEL, nullptr);
  }
  return gimp_procedure_new_return_values(procedure, GIMP_PDB_SUCCESS, nullptr);
}

}  // namespace

GimpProcedure* create_train_procedure(GimpPlugIn* plug_in) {
  GimpProcedure* procedure =
      gimp_image_procedure_new(plug_in, kTrainProc, GIMP_PDB_PROC_TYPE_PLUGIN, run_train, nullptr, nullptr);
  gimp_procedure_set_image_types(procedure, "*");
  // Sources can be folders or other images: no drawable needed, but an image to look in.
  gimp_procedure_set_sensitivity_mask(procedure, GIMP_PROCEDURE_SENSITIVE_DRAWABLE |
                                                     GIMP_PROCEDURE_SENSITIVE_DRAWABLES |
                                                     GIMP_PROCEDURE_SENSITIVE_NO_DRAWABLES);
  gimp_procedure_set_menu_label(procedure, N_("Train _Style Pair..."));
  gimp_procedure_add_menu_path(procedure, kMenuPath);
  gimp_procedure_set_documentation(
      procedure, N_("Train a CycleGAN style pair from layer groups, images or folders"),
      N_("Trains the two generators of a CycleGAN (A to B and B to A) from unpaired images and saves the "
         "model in the cyclegan-models folder of the GIMP profile, where CycleGAN Translate finds it. "
         "Stopping keeps the model trained so far."),
      kTrainHelpId);
  gimp_procedure_set_attribution(procedure, "cyclegan-gimp authors", "cyclegan-gimp authors", "2026");
  add_train_arguments(procedure);
  return procedure;
}

}  // namespace cyclegan::plugin::gimp3
