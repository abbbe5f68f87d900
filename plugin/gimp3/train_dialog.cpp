#include "plugin/gimp3/train_dialog.h"

#include <libgimp/gimpui.h>

#include <memory>
#include <string>
#include <vector>

#include "plugin/common/i18n.h"
#include "plugin/common/models_folder.h"
#include "plugin/common/plugin_identity.h"
#include "plugin/common/train_plan.h"
#include "plugin/common/host_sources.h"
#include "plugin/gimp3/config.h"
#include "plugin/libgimp/source_picker.h"
#include "plugin/libgimp/test_hooks.h"

namespace cyclegan::plugin::gimp3 {
namespace {

struct DialogState {
  GimpProcedureConfig* config = nullptr;
  GtkWidget* dialog = nullptr;
  GtkWidget* summary = nullptr;
  TrainHost sources;
  std::string suggested_name;  // what the dialog last proposed as the model name
  std::string folder;
  std::unique_ptr<SourcePicker> pickers[2];
};

// The summary line, recomputed on every change; it also decides whether Train can be pressed.
// Called from a GObject signal: nothing may throw out of it (check_training does not).
void update_summary(DialogState* state) {
  const TrainValues values = train_values_from(config_arguments(state->config));
  const TrainCheck check = check_training(state->sources, values, state->folder);
  const std::string text = preset_description(values.preset) + "\n\n" + check.text;
  gtk_label_set_text(GTK_LABEL(state->summary), text.c_str());
  gtk_dialog_set_response_sensitive(GTK_DIALOG(state->dialog), GTK_RESPONSE_OK, check.usable);
}

void on_config_changed(GObject*, GParamSpec* changed, gpointer data) {
  auto* state = static_cast<DialogState*>(data);
  const std::string property = changed ? g_param_spec_get_name(changed) : "";
  if (property == "source-a" || property == "source-b") {
    const std::string name =
        follow_sources(state->sources, train_values_from(config_arguments(state->config)), state->suggested_name);
    if (!name.empty()) g_object_set(state->config, "model-name", name.c_str(), nullptr);  // notifies again
  }
  update_summary(state);
}

// "Domain A:" and "Domain B:" with their pickers, which write the procedure's source arguments.
GtkWidget* source_pickers(DialogState* state, const std::vector<SourceChoice>& choices) {
  GtkWidget* grid = gtk_grid_new();
  gtk_grid_set_row_spacing(GTK_GRID(grid), 6);
  gtk_grid_set_column_spacing(GTK_GRID(grid), 6);
  const char* properties[2] = {"source-a", "source-b"};
  const char* labels[2] = {_("Domain _A:"), _("Domain _B:")};
  for (int i = 0; i < 2; ++i) {
    gchar* current = nullptr;
    g_object_get(state->config, properties[i], &current, nullptr);
    GimpProcedureConfig* config = state->config;
    const char* property = properties[i];
    const TrainHost* sources = &state->sources;
    state->pickers[i] = std::make_unique<SourcePicker>(
        choices, take_text(current),
        [sources](const std::string& source, size_t count) { return source_samples(*sources, source, count); },
        [config, property](const std::string& source) { g_object_set(config, property, source.c_str(), nullptr); });
    GtkWidget* label = gtk_label_new_with_mnemonic(labels[i]);
    gtk_label_set_xalign(GTK_LABEL(label), 0.0);
    gtk_widget_set_valign(label, GTK_ALIGN_START);  // beside the list, above the thumbnails strip
    gtk_label_set_mnemonic_widget(GTK_LABEL(label), state->pickers[i]->list());
    gtk_widget_set_hexpand(state->pickers[i]->widget(), TRUE);
    gtk_grid_attach(GTK_GRID(grid), label, 0, i, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), state->pickers[i]->widget(), 1, i, 1, 1);
  }
  gtk_widget_show_all(grid);
  return grid;
}

// A first run proposes the image's first two layer groups (top first) and a model name made of
// their domain names ("stripes2blobs"); what the user or the last run gave is kept.
void propose_sources(DialogState* state, const std::vector<SourceChoice>& choices) {
  TrainValues v = train_values_from(config_arguments(state->config));
  if (v.source_a[0] == '\0' && v.source_b[0] == '\0') {
    if (choices.size() < 2) return;
    g_object_set(state->config, "source-a", choices[0].source.c_str(), "source-b", choices[1].source.c_str(), nullptr);
    v = train_values_from(config_arguments(state->config));
  }
  state->suggested_name = suggested_model_name(state->sources, v);
  if (v.model_name[0] == '\0' && !state->suggested_name.empty())
    g_object_set(state->config, "model-name", state->suggested_name.c_str(), nullptr);
}

}  // namespace

bool run_train_dialog(GimpProcedure* procedure, GimpProcedureConfig* config, const Host& host, ItemId image) {
  gimp_ui_init(kBinaryName);
  DialogState state;
  state.config = config;
  state.sources = train_host(host, image);
  state.folder = models_folder(host.gimp_directory());
  const std::vector<SourceChoice> choices = source_choices(host, image);
  propose_sources(&state, choices);

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
  // The sources through our pickers (above), not as typed text.
  gimp_procedure_dialog_fill(pd, "model-name", "preset", "minutes", "image-size", "resume", nullptr);

  GtkWidget* content = gtk_dialog_get_content_area(GTK_DIALOG(state.dialog));
  GtkWidget* pickers = source_pickers(&state, choices);
  gtk_box_pack_start(GTK_BOX(content), pickers, FALSE, FALSE, 0);
  gtk_box_reorder_child(GTK_BOX(content), pickers, 0);
  state.summary = gtk_label_new("");
  gtk_label_set_xalign(GTK_LABEL(state.summary), 0.0);
  gtk_label_set_line_wrap(GTK_LABEL(state.summary), TRUE);
  gtk_label_set_max_width_chars(GTK_LABEL(state.summary), 60);
  gtk_box_pack_end(GTK_BOX(content), state.summary, FALSE, FALSE, 6);
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
