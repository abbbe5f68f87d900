#include "plugin/gimp3/translate_dialog.h"

#include <libgimp/gimpui.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/cyclegan.h"
#include "plugin/common/i18n.h"
#include "plugin/common/models_folder.h"
#include "plugin/common/plugin_identity.h"
#include "plugin/libgimp/model_widgets.h"
#include "plugin/gimp3/config.h"
#include "plugin/libgimp/test_hooks.h"
#include "plugin/libgimp/translate_preview.h"

namespace cyclegan::plugin::gimp3 {
namespace {

struct DialogState {
  GimpProcedureConfig* config = nullptr;
  GimpIntStore* directions = nullptr;
  std::string folder;
  std::unique_ptr<TranslatePreview> preview;  // none without a drawable
};

// The preview follows the model, the direction and the tile size in the config.
void refresh_preview(DialogState* state) {
  if (!state->preview) return;
  const TranslateValues values = translate_values_from(config_arguments(state->config));
  std::string path;
  try {
    path = resolve_model(values.model_string(), state->folder);
  } catch (...) {
    // No such model: the preview shows the layer as it is.
  }
  state->preview->show(path, to_translate_options(values, path));
}

// "horse → zebra" / "zebra → horse" once the model is known, "A → B" / "B → A" until then.
void update_direction_labels(DialogState* state) {
  gchar* model = nullptr;
  g_object_get(state->config, "model", &model, nullptr);
  std::string a = "A", b = "B";
  try {
    ModelInfo info = read_model_info(resolve_model(model ? model : "", state->folder));
    if (!info.domain_a.empty()) a = info.domain_a;
    if (!info.domain_b.empty()) b = info.domain_b;
  } catch (...) {
    // No model yet, or not readable: the labels stay generic; running reports the problem.
  }
  g_free(model);
  const std::string labels[2] = {a + " → " + b, b + " → " + a};
  GtkTreeModel* store = GTK_TREE_MODEL(state->directions);
  GtkTreeIter iter;
  int row = 0;
  for (gboolean ok = gtk_tree_model_get_iter_first(store, &iter); ok && row < 2;
       ok = gtk_tree_model_iter_next(store, &iter), ++row)
    gtk_list_store_set(GTK_LIST_STORE(store), &iter, GIMP_INT_STORE_LABEL, labels[row].c_str(), -1);
}

void on_model_changed(GObject*, GParamSpec*, gpointer data) {
  update_direction_labels(static_cast<DialogState*>(data));
}

// Output and opacity do not change what the preview shows: no new translation for them.
void on_config_changed(GObject*, GParamSpec* changed, gpointer data) {
  const std::string property = changed ? g_param_spec_get_name(changed) : "";
  if (property == "model" || property == "direction" || property == "tile-size")
    refresh_preview(static_cast<DialogState*>(data));
}

void on_installed_model_chosen(GtkComboBox* combo, gpointer data) {
  const gchar* path = gtk_combo_box_get_active_id(combo);
  if (path) g_object_set(static_cast<DialogState*>(data)->config, "model", path, nullptr);
}

void on_model_file_chosen(GtkFileChooserButton* button, gpointer data) {
  gchar* path = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(button));
  if (path) g_object_set(static_cast<DialogState*>(data)->config, "model", path, nullptr);
  g_free(path);
}

void attach_row(GtkWidget* grid, int row, const char* text, GtkWidget* widget) {
  GtkWidget* label = gtk_label_new_with_mnemonic(text);
  gtk_label_set_xalign(GTK_LABEL(label), 0.0);
  gtk_label_set_mnemonic_widget(GTK_LABEL(label), widget);
  gtk_widget_set_hexpand(widget, TRUE);
  gtk_grid_attach(GTK_GRID(grid), label, 0, row, 1, 1);
  gtk_grid_attach(GTK_GRID(grid), widget, 1, row, 1, 1);
}

// Installed models by their domain names, and a file button for any other model file.
GtkWidget* model_choosers(DialogState* state) {
  GtkWidget* grid = gtk_grid_new();
  gtk_grid_set_row_spacing(GTK_GRID(grid), 6);
  gtk_grid_set_column_spacing(GTK_GRID(grid), 6);

  GtkWidget* combo = gtk_combo_box_text_new();
  std::vector<ModelInfo> models = list_models(state->folder);
  for (const ModelInfo& info : models)
    gtk_combo_box_text_append(GTK_COMBO_BOX_TEXT(combo), info.path.c_str(), model_list_label(info).c_str());
  gtk_widget_set_sensitive(combo, !models.empty());
  // Show the current model in the list when it is an installed one (before connecting, so this
  // does not write the path back over the name the user or a script gave).
  gchar* current = nullptr;
  g_object_get(state->config, "model", &current, nullptr);
  try {
    gtk_combo_box_set_active_id(GTK_COMBO_BOX(combo), resolve_model(current ? current : "", state->folder).c_str());
  } catch (...) {
    // Not installed, or no model yet: nothing selected.
  }
  g_free(current);
  g_signal_connect(combo, "changed", G_CALLBACK(on_installed_model_chosen), state);
  attach_row(grid, 0, _("_Installed models:"), combo);

  GtkWidget* file = model_file_button(state->folder);
  g_signal_connect(file, "file-set", G_CALLBACK(on_model_file_chosen), state);
  attach_row(grid, 1, _("Model _file:"), file);
  gtk_grid_attach(GTK_GRID(grid), models_folder_row(state->folder), 0, 2, 2, 1);
  gtk_widget_show_all(grid);
  return grid;
}

}  // namespace

bool run_translate_dialog(GimpProcedure* procedure, GimpProcedureConfig* config, const Host& host, ItemId drawable) {
  gimp_ui_init(kBinaryName);
  DialogState state;
  state.config = config;
  state.folder = models_folder(gimp_directory());

  GtkWidget* dialog = gimp_procedure_dialog_new(procedure, config, _("CycleGAN Translate"));
  GimpProcedureDialog* pd = GIMP_PROCEDURE_DIALOG(dialog);

  // The dialog takes ownership of the store; we only relabel its rows while the dialog lives.
  state.directions = GIMP_INT_STORE(gimp_int_store_new("A → B", 0, "B → A", 1, nullptr));
  gimp_procedure_dialog_get_int_combo(pd, "direction", state.directions);
  update_direction_labels(&state);
  gulong handler = g_signal_connect(config, "notify::model", G_CALLBACK(on_model_changed), &state);
  gulong preview_handler = g_signal_connect(config, "notify", G_CALLBACK(on_config_changed), &state);

  gimp_procedure_dialog_get_label(pd, "advanced-title", _("Advanced"), FALSE, FALSE);
  gimp_procedure_dialog_fill_expander(pd, "advanced", "advanced-title", FALSE, "tile-size");
  gimp_procedure_dialog_get_int_radio(
      pd, "output",
      GIMP_INT_STORE(gimp_int_store_new(_("Replace the layer's pixels"), 0, _("New layer above (the original stays)"), 1,
                                        nullptr)));
  gimp_procedure_dialog_fill(pd, "model", "direction", "output", "opacity", "advanced", nullptr);

  // Our own choosers go above the generated model entry, which they fill in.
  GtkWidget* content = gtk_dialog_get_content_area(GTK_DIALOG(dialog));
  GtkWidget* choosers = model_choosers(&state);
  gtk_box_pack_start(GTK_BOX(content), choosers, FALSE, FALSE, 0);
  gtk_box_reorder_child(GTK_BOX(content), choosers, 0);
  // The preview above everything, as in GIMP's own filters.
  if (drawable >= 0) {
    state.preview = std::make_unique<TranslatePreview>(host, drawable);
    gtk_box_pack_start(GTK_BOX(content), state.preview->widget(), TRUE, TRUE, 0);
    gtk_box_reorder_child(GTK_BOX(content), state.preview->widget(), 0);
    gtk_widget_show(state.preview->widget());
    refresh_preview(&state);
  }

  arm_test_hooks(GTK_DIALOG(dialog));
  bool ok = gimp_procedure_dialog_run(pd);
  g_signal_handler_disconnect(config, handler);
  g_signal_handler_disconnect(config, preview_handler);
  gtk_widget_destroy(dialog);
  return ok;
}

}  // namespace cyclegan::plugin::gimp3
