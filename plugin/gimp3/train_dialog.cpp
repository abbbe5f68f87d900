#include "plugin/gimp3/train_dialog.h"

#include <libgimp/gimpui.h>

#include <exception>
#include <string>
#include <vector>

#include "plugin/common/failure.h"
#include "plugin/common/i18n.h"
#include "plugin/common/models_folder.h"
#include "plugin/common/plugin_identity.h"
#include "plugin/common/train_plan.h"
#include "plugin/gimp3/test_hooks.h"
#include "plugin/gimp3/train_config.h"
#include "plugin/gimp3/train_sources.h"

namespace cyclegan::plugin::gimp3 {
namespace {

struct DialogState {
  GimpProcedureConfig* config = nullptr;
  GtkWidget* dialog = nullptr;
  GtkWidget* summary = nullptr;
  TrainHost host;
  std::string folder;
};

// The summary line, recomputed on every change; it also decides whether OK can be pressed.
// Called from a GObject signal: nothing may throw out of it.
void update_summary(DialogState* state) {
  std::string text;
  bool usable = false;
  try {
    const TrainValues v = train_values_from_config(state->config);
    const ResolvedSource a = resolve_source(state->host, v.source_a, false);
    const ResolvedSource b = resolve_source(state->host, v.source_b, false);
    const bool same_setup = v.measured_preset == v.preset && v.measured_image_size == v.image_size;
    text = training_summary(a.count, a.domain, b.count, b.domain, v.minutes,
                            same_setup ? v.seconds_per_iteration : 0);
    const std::string problem = validate(v);
    const bool exists = v.model_name[0] != '\0' &&
        g_file_test(model_output_path(state->folder, v.model_name).c_str(), G_FILE_TEST_EXISTS);
    if (!problem.empty()) {
      text += "\n" + problem;
    } else if (exists && !v.resume) {
      text += "\n" + format(_("A model named \"%s\" already exists: choose another name, or resume its "
                              "training."),
                            v.model_name);
    } else if (!exists && v.resume) {
      text += "\n" + format(_("There is no model named \"%s\" to resume: untick Resume or choose an "
                              "existing model."),
                            v.model_name);
    } else {
      usable = true;
    }
  } catch (...) {
    text = describe_failure(std::current_exception()).message;
  }
  gtk_label_set_text(GTK_LABEL(state->summary), text.c_str());
  gtk_dialog_set_response_sensitive(GTK_DIALOG(state->dialog), GTK_RESPONSE_OK, usable);
}

void on_config_changed(GObject*, GParamSpec*, gpointer data) { update_summary(static_cast<DialogState*>(data)); }

// What the sources can be in this image, so the user need not guess the syntax.
std::string choices_text(GimpImage* image) {
  std::string text = _("Sources here:");
  const std::vector<std::string> choices = source_choices(image);
  if (choices.empty()) text += std::string(" ") + _("none (add layer groups, open images, or give folder:PATH)");
  for (const std::string& choice : choices) text += "  " + choice;
  return text;
}

// A first run proposes the image's first two layer groups (top first) and a model name made of
// their domain names ("stripes2blobs"); what the user or the last run gave is kept.
void propose_sources(DialogState* state, GimpImage* image) {
  TrainValues v = train_values_from_config(state->config);
  if (v.source_a[0] == '\0' && v.source_b[0] == '\0') {
    const std::vector<std::string> choices = source_choices(image);
    if (choices.size() < 2) return;
    g_object_set(state->config, "source-a", choices[0].c_str(), "source-b", choices[1].c_str(), nullptr);
    v = train_values_from_config(state->config);
  }
  if (v.model_name[0] != '\0') return;
  try {
    const std::string a = resolve_source(state->host, v.source_a, false).domain;
    const std::string b = resolve_source(state->host, v.source_b, false).domain;
    g_object_set(state->config, "model-name", (a + "2" + b).c_str(), nullptr);
  } catch (...) {
    // Not an error yet: the user has not chosen usable sources.
  }
}

}  // namespace

bool run_train_dialog(GimpProcedure* procedure, GimpProcedureConfig* config, GimpImage* image) {
  gimp_ui_init(kBinaryName);
  DialogState state;
  state.config = config;
  state.host = train_host(image);
  state.folder = models_folder(gimp_directory());
  propose_sources(&state, image);

  state.dialog = gimp_procedure_dialog_new(procedure, config, _("Train Style Pair"));
  GimpProcedureDialog* pd = GIMP_PROCEDURE_DIALOG(state.dialog);
  // Named choices instead of the integers the PDB arguments are (the dialog owns the stores).
  gimp_procedure_dialog_get_int_combo(
      pd, "preset",
      GIMP_INT_STORE(gimp_int_store_new(_("Quick (for a CPU)"), 0, _("Paper (needs a GPU)"), 1,
                                        nullptr)));
  gimp_procedure_dialog_get_int_combo(
      pd, "resume",
      GIMP_INT_STORE(gimp_int_store_new(_("Start a new model"), 0, _("Resume the training of this model"), 1,
                                        nullptr)));
  gimp_procedure_dialog_fill(pd, "source-a", "source-b", "model-name", "preset", "minutes", "image-size", "resume",
                             nullptr);

  GtkWidget* content = gtk_dialog_get_content_area(GTK_DIALOG(state.dialog));
  GtkWidget* choices = gtk_label_new(choices_text(image).c_str());
  gtk_label_set_xalign(GTK_LABEL(choices), 0.0);
  gtk_label_set_line_wrap(GTK_LABEL(choices), TRUE);
  gtk_box_pack_start(GTK_BOX(content), choices, FALSE, FALSE, 0);
  gtk_box_reorder_child(GTK_BOX(content), choices, 0);
  state.summary = gtk_label_new("");
  gtk_label_set_xalign(GTK_LABEL(state.summary), 0.0);
  gtk_label_set_line_wrap(GTK_LABEL(state.summary), TRUE);
  gtk_box_pack_end(GTK_BOX(content), state.summary, FALSE, FALSE, 6);
  gtk_widget_show(choices);
  gtk_widget_show(state.summary);

  gulong handler = g_signal_connect(config, "notify", G_CALLBACK(on_config_changed), &state);
  update_summary(&state);
  arm_test_hooks(GTK_DIALOG(state.dialog));
  bool ok = gimp_procedure_dialog_run(pd);
  g_signal_handler_disconnect(config, handler);
  gtk_widget_destroy(state.dialog);
  return ok;
}

}  // namespace cyclegan::plugin::gimp3
