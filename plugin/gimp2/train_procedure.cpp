// plug-in-cyclegan-train for GIMP 2.10: Filters → CycleGAN → Train Style Pair…
// Same shape as translate_procedure.cpp: one switch on the run mode, then the worker, and one
// guard that turns exceptions into a PDB status. Training writes into the models folder, where
// "Translate" lists the model at once.
#include <libgimp/gimp.h>

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
#include "plugin/common/train_values.h"
#include "plugin/gimp2/pdb_status.h"
#include "plugin/gimp2/procedures.h"
#include "plugin/gimp2/train_dialog.h"
#include "plugin/gimp2/train_sources.h"
#include "plugin/gimp2/training_window.h"

namespace cyclegan::plugin::gimp2 {
namespace {

constexpr int kArgumentCount = 10;  // run-mode image drawable source-a source-b model-name minutes preset image-size resume

struct CallingError : InputError {
  using InputError::InputError;
};

TrainValues last_values() {
  TrainValues values;
  TrainValues stored;
  if (gimp_get_data_size(kTrainProc) == static_cast<gint>(sizeof stored)) {
    gimp_get_data(kTrainProc, &stored);
    if (stored.version == kTrainValuesVersion) values = stored;
  }
  return values;
}

TrainValues values_from_arguments(gint nparams, const GimpParam* params) {
  if (nparams != kArgumentCount)
    throw CallingError(format(_("%s takes %d arguments, not %d."), kTrainProc, kArgumentCount, nparams));
  auto text = [&](int i) { return std::string(params[i].data.d_string ? params[i].data.d_string : ""); };
  TrainValues values;
  TrainValues::set(values.source_a, sizeof values.source_a, text(3));
  TrainValues::set(values.source_b, sizeof values.source_b, text(4));
  TrainValues::set(values.model_name, sizeof values.model_name, text(5));
  values.minutes = params[6].data.d_float;
  values.preset = params[7].data.d_int32;
  values.image_size = params[8].data.d_int32;
  values.resume = params[9].data.d_int32 != 0;
  return values;
}

// Opens the trainer's sample sheet (real A, G(A), F(G(A)); real B, ...) as a new image.
void show_samples(const std::string& path) {
  if (!g_file_test(path.c_str(), G_FILE_TEST_IS_REGULAR)) return;
  const gint32 image = gimp_file_load(GIMP_RUN_NONINTERACTIVE, path.c_str(), path.c_str());
  if (image >= 0) gimp_display_new(image);
}

TrainResult train_model(gint32 image, TrainValues& values, GimpRunMode run_mode, const std::string& folder) {
  ensure_models_folder(folder);
  TrainPlan plan = plan_training(train_host(image), values, folder);
  TrainOptions& options = plan.options;
  const std::string& domain_a = options.domain_a;
  const std::string& domain_b = options.domain_b;
  gchar* samples = gimp_temp_name("png");
  options.samples_path = samples;
  g_free(samples);

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

GimpParamDef param(GimpPDBArgType type, const char* name, const char* description) {
  return {type, const_cast<gchar*>(name), const_cast<gchar*>(description)};
}

}  // namespace

void register_train() {
  static const GimpParamDef args[] = {
      param(GIMP_PDB_INT32, "run-mode", "The run mode { RUN-INTERACTIVE (0), RUN-NONINTERACTIVE (1), RUN-WITH-LAST-VALS (2) }"),
      param(GIMP_PDB_IMAGE, "image", "Current image (its layer groups can be sources)"),
      param(GIMP_PDB_DRAWABLE, "drawable", "Current drawable (unused)"),
      param(GIMP_PDB_STRING, "source-a",
            "Domain A images: \"group:NAME\" (layer group of the image), \"image:NAME\" (every layer of an "
            "open image), \"folder:PATH\", or a bare name/path tried in the order folder, group, image"),
      param(GIMP_PDB_STRING, "source-b", "Domain B images, like source-a"),
      param(GIMP_PDB_STRING, "model-name", "Name of the model in the cyclegan-models folder (no extension)"),
      param(GIMP_PDB_FLOAT, "minutes", "Time budget in minutes"),
      param(GIMP_PDB_INT32, "preset", "0 = quick (CPU), 1 = paper"),
      param(GIMP_PDB_INT32, "image-size", "Training crop in pixels, 0 = the preset's"),
      param(GIMP_PDB_INT32, "resume", "1 = continue training the existing model of that name"),
  };
  gimp_install_procedure(kTrainProc, N_("Train a CycleGAN style pair from layer groups, images or folders"),
                         "Trains the two generators of a CycleGAN (A to B and B to A) from unpaired images and "
                         "saves the model in the cyclegan-models folder of the GIMP profile, where CycleGAN "
                         "Translate finds it. Stopping keeps the model trained so far.",
                         "cyclegan-gimp authors", "cyclegan-gimp authors", "2026", N_("Train _Style Pair..."),
                         "*", GIMP_PLUGIN, G_N_ELEMENTS(args), 0, args, nullptr);
  gimp_plugin_menu_register(kTrainProc, kMenuPath);
}

void run_train(gint nparams, const GimpParam* params, gint* nreturn_vals, GimpParam** return_vals) {
  const auto run_mode = static_cast<GimpRunMode>(params[0].data.d_int32);
  GimpPDBStatusType status = GIMP_PDB_SUCCESS;
  std::string message;
  try {
    gegl_init(nullptr, nullptr);
    const gint32 image = params[1].data.d_image;
    const std::string folder = models_folder(gimp_directory());
    TrainValues values;
    switch (run_mode) {
      case GIMP_RUN_INTERACTIVE:
        values = last_values();
        if (!run_train_dialog(image, values, folder)) throw Cancelled();
        break;
      case GIMP_RUN_NONINTERACTIVE:
        values = values_from_arguments(nparams, params);
        if (std::string problem = validate(values); !problem.empty()) throw CallingError(problem);
        break;
      case GIMP_RUN_WITH_LAST_VALS:
        values = last_values();
        break;
    }
    if (std::string problem = validate(values); !problem.empty()) throw InputError(problem);
    const TrainResult result = train_model(image, values, run_mode, folder);
    if (run_mode == GIMP_RUN_INTERACTIVE) gimp_set_data(kTrainProc, &values, sizeof values);
    if (run_mode != GIMP_RUN_NONINTERACTIVE) gimp_displays_flush();
    // A model that does nothing must not be handed over in silence.
    if ((!result.learned || result.learning_caution) && run_mode == GIMP_RUN_INTERACTIVE)
      g_message("%s", result.learning_summary.c_str());
    if (result.cancelled) {
      // Not a failure: the model so far is saved. CANCEL tells a script that the budget was not used.
      status = GIMP_PDB_CANCEL;
      if (run_mode == GIMP_RUN_INTERACTIVE)
        g_message(_("Training stopped after %lld iterations; the model is saved as %s."),
                  static_cast<long long>(result.iterations), result.model_path.c_str());
    }
  } catch (const CallingError& e) {
    status = GIMP_PDB_CALLING_ERROR;
    message = e.what();
  } catch (...) {
    const Failure failure = describe_failure(std::current_exception());
    status = failure.cancelled ? GIMP_PDB_CANCEL : GIMP_PDB_EXECUTION_ERROR;
    message = failure.message;
  }
  if (!message.empty() && run_mode == GIMP_RUN_INTERACTIVE) g_message("%s", message.c_str());
  set_return(status, message, nreturn_vals, return_vals);
}

}  // namespace cyclegan::plugin::gimp2
