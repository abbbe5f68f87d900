#include "plugin/gimp2/translate_dialog.h"

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include <exception>
#include <memory>
#include <vector>

#include "core/cyclegan.h"
#include "plugin/common/failure.h"
#include "plugin/common/i18n.h"
#include "plugin/common/models_folder.h"
#include "plugin/common/plugin_identity.h"
#include "plugin/libgimp/model_widgets.h"
#include "plugin/libgimp/translate_preview.h"
#include "plugin/libgimp/test_hooks.h"

namespace cyclegan::plugin::gimp2 {
namespace {

enum ModelColumn { kColumnName, kColumnPath, kColumnCount };

// The widgets the callbacks need, and the model currently chosen.
struct Dialog {
  GtkWidget* window = nullptr;
  GtkWidget* installed = nullptr;  // combo box of the models folder
  GtkWidget* file = nullptr;       // file chooser button for any model file
  GtkWidget* info = nullptr;       // what the chosen model is, or why it cannot be used
  GtkWidget* a_to_b = nullptr;
  GtkWidget* b_to_a = nullptr;
  GtkWidget* tile_size = nullptr;
  GtkWidget* new_layer = nullptr;
  GtkWidget* opacity = nullptr;
  std::string model_path;
  bool usable = false;  // the chosen model can translate
  std::unique_ptr<TranslatePreview> preview;
};

// Shows what `d.model_path` holds and names the directions after its domains. Called from GTK
// signal handlers: nothing may throw out of it.
// The preview follows the model, the direction and the tile size the dialog shows.
void refresh_preview(Dialog& d) {
  TranslateValues shown;
  shown.direction = gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(d.b_to_a)) ? 1 : 0;
  shown.tile_size = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(d.tile_size));
  d.preview->show(d.usable ? d.model_path : "", to_translate_options(shown, d.model_path));
}

void on_direction_toggled(GtkToggleButton*, gpointer data) {
  refresh_preview(*static_cast<Dialog*>(data));
}

void show_model(Dialog& d) {
  std::string a_to_b = _("A → B"), b_to_a = _("B → A"), info;
  bool usable = false, two_directions = true;
  if (d.model_path.empty()) {
    info = _("Choose an installed model or a model file.");
  } else {
    try {
      const ModelInfo model = read_model_info(d.model_path);
      usable = true;
      if (model.official) {
        two_directions = false;
        a_to_b = _("As trained (an official generator has one direction)");
        info = format(_("Official generator: %s"), model.generator.c_str());
      } else {
        a_to_b = format("%s → %s", model.domain_a.c_str(), model.domain_b.c_str());
        b_to_a = format("%s → %s", model.domain_b.c_str(), model.domain_a.c_str());
        // An imported model has no iteration count: show its networks instead.
        info = model.iterations > 0
                   ? format(_("%s, trained for %lld iterations"), model.display_name().c_str(),
                            static_cast<long long>(model.iterations))
                   : format(_("%s: %s"), model.display_name().c_str(), model.generator.c_str());
      }
    } catch (...) {
      info = describe_failure(std::current_exception()).message;
    }
  }
  gtk_button_set_label(GTK_BUTTON(d.a_to_b), a_to_b.c_str());
  gtk_button_set_label(GTK_BUTTON(d.b_to_a), b_to_a.c_str());
  gtk_widget_set_sensitive(d.b_to_a, two_directions);
  if (!two_directions) gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(d.a_to_b), TRUE);
  gtk_label_set_text(GTK_LABEL(d.info), info.c_str());
  gtk_dialog_set_response_sensitive(GTK_DIALOG(d.window), GTK_RESPONSE_OK, usable);
  d.usable = usable;
  refresh_preview(d);
}

void on_installed_changed(GtkComboBox* combo, gpointer data) {
  Dialog& d = *static_cast<Dialog*>(data);
  GtkTreeIter iter;
  if (!gtk_combo_box_get_active_iter(combo, &iter)) return;  // cleared because a file was chosen
  gchar* path = nullptr;
  gtk_tree_model_get(gtk_combo_box_get_model(combo), &iter, kColumnPath, &path, -1);
  d.model_path = path ? path : "";
  g_free(path);
  gtk_file_chooser_unselect_all(GTK_FILE_CHOOSER(d.file));
  show_model(d);
}

void on_file_set(GtkFileChooserButton* button, gpointer data) {
  Dialog& d = *static_cast<Dialog*>(data);
  gchar* path = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(button));
  if (!path) return;
  d.model_path = path;
  g_free(path);
  gtk_combo_box_set_active(GTK_COMBO_BOX(d.installed), -1);
  show_model(d);
}

// The installed models by display name ("horse ↔ zebra"); selects `current` if it is one of them.
GtkWidget* installed_models_combo(const std::string& folder, const std::string& current, bool* selected) {
  GtkListStore* store = gtk_list_store_new(kColumnCount, G_TYPE_STRING, G_TYPE_STRING);
  std::vector<ModelInfo> models;
  try {
    models = list_models(folder);
  } catch (...) {
    // An unreadable folder lists nothing; the file button still works.
  }
  int active = -1, row = 0;
  for (const ModelInfo& model : models) {
    GtkTreeIter iter;
    gtk_list_store_append(store, &iter);
    gtk_list_store_set(store, &iter, kColumnName, model_list_label(model).c_str(), kColumnPath,
                       model.path.c_str(), -1);
    if (model.path == current) active = row;
    ++row;
  }
  GtkWidget* combo = gtk_combo_box_new_with_model(GTK_TREE_MODEL(store));
  g_object_unref(store);
  GtkCellRenderer* text = gtk_cell_renderer_text_new();
  gtk_cell_layout_pack_start(GTK_CELL_LAYOUT(combo), text, TRUE);
  gtk_cell_layout_set_attributes(GTK_CELL_LAYOUT(combo), text, "text", kColumnName, nullptr);
  gtk_widget_set_sensitive(combo, !models.empty());
  // No remembered installed model: offer the first one rather than nothing.
  if (active < 0 && current.empty() && !models.empty()) active = 0;
  gtk_combo_box_set_active(GTK_COMBO_BOX(combo), active);
  *selected = active >= 0;
  return combo;
}

GtkWidget* labelled_row(GtkWidget* table, int row, const char* label, GtkWidget* widget) {
  gimp_table_attach_aligned(GTK_TABLE(table), 0, row, label, 0.0, 0.5, widget, 1, FALSE);
  return widget;
}

}  // namespace

bool run_translate_dialog(const Host& host, ItemId drawable, TranslateValues& values, const std::string& models_folder) {
  gimp_ui_init(kBinaryName, FALSE);
  Dialog d;
  d.window = gimp_dialog_new(_("CycleGAN Translate"), kTranslateRole, nullptr, GtkDialogFlags(0),
                             gimp_standard_help_func, kTranslateHelpId, _("_Cancel"), GTK_RESPONSE_CANCEL,
                             _("_OK"), GTK_RESPONSE_OK, nullptr);
  gtk_dialog_set_alternative_button_order(GTK_DIALOG(d.window), GTK_RESPONSE_OK, GTK_RESPONSE_CANCEL, -1);
  gimp_window_set_transient(GTK_WINDOW(d.window));

  // The preview on the left, the options on the right, as in GIMP's own filters.
  GtkWidget* columns = gtk_hbox_new(FALSE, 12);
  gtk_container_set_border_width(GTK_CONTAINER(columns), 12);
  gtk_box_pack_start(GTK_BOX(gtk_dialog_get_content_area(GTK_DIALOG(d.window))), columns, TRUE, TRUE, 0);
  d.preview = std::make_unique<TranslatePreview>(host, drawable);
  gtk_box_pack_start(GTK_BOX(columns), d.preview->widget(), TRUE, TRUE, 0);
  GtkWidget* main_box = gtk_vbox_new(FALSE, 12);
  gtk_box_pack_start(GTK_BOX(columns), main_box, FALSE, FALSE, 0);

  // Model: an installed one by name, or any file.
  GtkWidget* model_frame = gimp_frame_new(_("Model"));
  gtk_box_pack_start(GTK_BOX(main_box), model_frame, FALSE, FALSE, 0);
  GtkWidget* model_box = gtk_vbox_new(FALSE, 6);
  gtk_container_add(GTK_CONTAINER(model_frame), model_box);
  GtkWidget* table = gtk_table_new(2, 2, FALSE);
  gtk_table_set_col_spacings(GTK_TABLE(table), 6);
  gtk_table_set_row_spacings(GTK_TABLE(table), 6);
  gtk_box_pack_start(GTK_BOX(model_box), table, FALSE, FALSE, 0);
  bool installed_selected = false;
  d.installed = labelled_row(table, 0, _("_Installed:"),
                             installed_models_combo(models_folder, values.model_string(), &installed_selected));
  d.file = labelled_row(table, 1, _("Other _file:"), model_file_button(models_folder));
  d.info = gtk_label_new(nullptr);
  gtk_label_set_line_wrap(GTK_LABEL(d.info), TRUE);
  gtk_misc_set_alignment(GTK_MISC(d.info), 0.0, 0.5);
  gimp_label_set_attributes(GTK_LABEL(d.info), PANGO_ATTR_STYLE, PANGO_STYLE_ITALIC, -1);
  gtk_box_pack_start(GTK_BOX(model_box), d.info, FALSE, FALSE, 0);

  // Direction, named after the model's domains once one is chosen.
  GtkWidget* direction_frame = gimp_frame_new(_("Direction"));
  gtk_box_pack_start(GTK_BOX(main_box), direction_frame, FALSE, FALSE, 0);
  GtkWidget* direction_box = gtk_vbox_new(FALSE, 2);
  gtk_container_add(GTK_CONTAINER(direction_frame), direction_box);
  d.a_to_b = gtk_radio_button_new_with_label(nullptr, "");
  d.b_to_a = gtk_radio_button_new_with_label_from_widget(GTK_RADIO_BUTTON(d.a_to_b), "");
  gtk_box_pack_start(GTK_BOX(direction_box), d.a_to_b, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(direction_box), d.b_to_a, FALSE, FALSE, 0);
  gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(values.direction == 1 ? d.b_to_a : d.a_to_b), TRUE);

  // Output: a new layer above keeps the original; the opacity mixes the result over it.
  GtkWidget* output_frame = gimp_frame_new(_("Output"));
  gtk_box_pack_start(GTK_BOX(main_box), output_frame, FALSE, FALSE, 0);
  GtkWidget* output_box = gtk_vbox_new(FALSE, 2);
  gtk_container_add(GTK_CONTAINER(output_frame), output_box);
  d.new_layer = gtk_radio_button_new_with_mnemonic(nullptr, _("_New layer above (the original stays)"));
  GtkWidget* replace = gtk_radio_button_new_with_mnemonic_from_widget(GTK_RADIO_BUTTON(d.new_layer),
                                                                      _("_Replace the layer's pixels"));
  gtk_box_pack_start(GTK_BOX(output_box), d.new_layer, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(output_box), replace, FALSE, FALSE, 0);
  gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(values.output == 1 ? d.new_layer : replace), TRUE);
  GtkWidget* opacity_box = gtk_hbox_new(FALSE, 6);
  gtk_box_pack_start(GTK_BOX(output_box), opacity_box, FALSE, FALSE, 0);
  d.opacity = gtk_spin_button_new_with_range(0, 100, 5);
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(d.opacity), values.opacity);
  GtkWidget* opacity_label = gtk_label_new_with_mnemonic(_("O_pacity (%):"));
  gtk_label_set_mnemonic_widget(GTK_LABEL(opacity_label), d.opacity);
  gtk_box_pack_start(GTK_BOX(opacity_box), opacity_label, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(opacity_box), d.opacity, FALSE, FALSE, 0);

  // Advanced: the tile size (automatic keeps memory bounded; a size is for experts).
  GtkWidget* expander = gtk_expander_new_with_mnemonic(_("_Advanced"));
  gtk_box_pack_start(GTK_BOX(main_box), expander, FALSE, FALSE, 0);
  GtkWidget* tile_box = gtk_hbox_new(FALSE, 6);
  gtk_container_add(GTK_CONTAINER(expander), tile_box);
  GtkObject* adjustment = gtk_adjustment_new(values.tile_size, 0, kMaxTileSize, 64, 256, 0);
  d.tile_size = gtk_spin_button_new(GTK_ADJUSTMENT(adjustment), 1, 0);
  GtkWidget* tile_label = gtk_label_new_with_mnemonic(_("_Tile size (0 = automatic):"));
  gtk_label_set_mnemonic_widget(GTK_LABEL(tile_label), d.tile_size);
  gtk_box_pack_start(GTK_BOX(tile_box), tile_label, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(tile_box), d.tile_size, FALSE, FALSE, 0);

  gtk_box_pack_start(GTK_BOX(main_box), models_folder_row(models_folder), FALSE, FALSE, 0);

  // Start from the remembered model: an installed one, else the file it names.
  if (installed_selected) {
    on_installed_changed(GTK_COMBO_BOX(d.installed), &d);
  } else if (g_file_test(values.model, G_FILE_TEST_IS_REGULAR)) {
    gtk_file_chooser_set_filename(GTK_FILE_CHOOSER(d.file), values.model);
    d.model_path = values.model;
  }
  show_model(d);
  g_signal_connect(d.installed, "changed", G_CALLBACK(on_installed_changed), &d);
  g_signal_connect(d.file, "file-set", G_CALLBACK(on_file_set), &d);
  g_signal_connect(d.b_to_a, "toggled", G_CALLBACK(on_direction_toggled), &d);

  gtk_widget_show_all(d.window);
  arm_test_hooks(GTK_DIALOG(d.window));
  const bool ok = gimp_dialog_run(GIMP_DIALOG(d.window)) == GTK_RESPONSE_OK;
  if (ok) {
    values.set_model(d.model_path);
    values.direction = gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(d.b_to_a)) ? 1 : 0;
    values.tile_size = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(d.tile_size));
    values.output = gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(d.new_layer)) ? 1 : 0;
    values.opacity = gtk_spin_button_get_value(GTK_SPIN_BUTTON(d.opacity));
  }
  gtk_widget_destroy(d.window);
  return ok;
}

}  // namespace cyclegan::plugin::gimp2
