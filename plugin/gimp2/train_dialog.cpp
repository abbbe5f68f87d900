#include "plugin/gimp2/train_dialog.h"

#include <libgimp/gimpui.h>

#include <memory>
#include <string>
#include <vector>

#include "core/cyclegan.h"
#include "plugin/common/i18n.h"
#include "plugin/common/plugin_identity.h"
#include "plugin/common/host_sources.h"
#include "plugin/common/models_folder.h"
#include "plugin/common/train_plan.h"
#include "plugin/libgimp/source_picker.h"
#include "plugin/libgimp/test_hooks.h"

namespace cyclegan::plugin::gimp2 {
namespace {

struct Dialog {
  TrainHost sources;
  std::string suggested_name;  // what the dialog last proposed as the model name
  std::string models_folder;
  TrainValues* values = nullptr;  // the measured speed comes from here
  GtkWidget* window = nullptr;
  std::unique_ptr<SourcePicker> source[2];
  GtkWidget* name = nullptr;
  GtkWidget* preset = nullptr;
  GtkWidget* preset_info = nullptr;
  GtkWidget* minutes = nullptr;
  GtkWidget* image_size = nullptr;
  GtkWidget* resume = nullptr;
  GtkWidget* summary = nullptr;
};

std::string source_text(const Dialog& d, int i) { return d.source[i] ? d.source[i]->source() : ""; }

// The values as the widgets show them (the measured speed as remembered).
TrainValues dialog_values(const Dialog& d) {
  TrainValues values = *d.values;
  TrainValues::set(values.source_a, sizeof values.source_a, source_text(d, 0));
  TrainValues::set(values.source_b, sizeof values.source_b, source_text(d, 1));
  TrainValues::set(values.model_name, sizeof values.model_name, gtk_entry_get_text(GTK_ENTRY(d.name)));
  values.preset = gtk_combo_box_get_active(GTK_COMBO_BOX(d.preset));
  values.minutes = gtk_spin_button_get_value(GTK_SPIN_BUTTON(d.minutes));
  values.image_size = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(d.image_size));
  values.resume = gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(d.resume));
  return values;
}

// The summary line, recomputed on every change; it also decides whether Train can be pressed.
// Called from GTK signal handlers: nothing may throw out of it (check_training does not).
void update_summary(Dialog& d) {
  const TrainValues values = dialog_values(d);
  if (const std::string name = follow_sources(d.sources, values, d.suggested_name); !name.empty()) {
    gtk_entry_set_text(GTK_ENTRY(d.name), name.c_str());
    update_summary(d);  // with the new name (the entry's signal may not be connected yet)
    return;
  }
  gtk_label_set_text(GTK_LABEL(d.preset_info), preset_description(values.preset).c_str());
  const TrainCheck check = check_training(d.sources, values, d.models_folder);
  gtk_widget_set_sensitive(d.resume, check.model_exists);
  if (!check.model_exists && values.resume) {  // nothing to resume: untick, then show that state
    gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(d.resume), FALSE);
    update_summary(d);
    return;
  }
  gtk_label_set_text(GTK_LABEL(d.summary), check.text.c_str());
  gtk_dialog_set_response_sensitive(GTK_DIALOG(d.window), GTK_RESPONSE_OK, check.usable);
}

void on_changed(GtkWidget*, gpointer data) { update_summary(*static_cast<Dialog*>(data)); }

// Domain i's picker: the remembered source, else the i-th choice (two groups in the image: one each).
GtkWidget* attach_source_picker(Dialog& d, GtkWidget* table, int i, const std::vector<SourceChoice>& choices,
                                const char* current) {
  std::string start = current;
  if (start.empty() && i < static_cast<int>(choices.size())) start = choices[i].source;
  d.source[i] = std::make_unique<SourcePicker>(
      choices, start,
      [&d](const std::string& source, size_t count) { return source_samples(d.sources, source, count); },
      [&d](const std::string&) { update_summary(d); });
  // Top-aligned: the thumbnails strip is under the list.
  GtkWidget* label = gimp_table_attach_aligned(GTK_TABLE(table), 0, i, i == 0 ? _("Domain _A:") : _("Domain _B:"),
                                               0.0, 0.2, d.source[i]->widget(), 1, FALSE);
  gtk_label_set_mnemonic_widget(GTK_LABEL(label), d.source[i]->list());
  return label;
}

}  // namespace

bool run_train_dialog(const Host& host, gint32 image, TrainValues& values) {
  gimp_ui_init(kBinaryName, FALSE);
  Dialog d;
  d.sources = train_host(host, image);
  d.models_folder = models_folder(host.gimp_directory());
  d.values = &values;
  d.window = gimp_dialog_new(_("Train Style Pair"), kTrainRole, nullptr, GtkDialogFlags(0),
                             gimp_standard_help_func, kTrainHelpId, _("_Cancel"), GTK_RESPONSE_CANCEL,
                             _("_Train"), GTK_RESPONSE_OK, nullptr);
  gtk_dialog_set_alternative_button_order(GTK_DIALOG(d.window), GTK_RESPONSE_OK, GTK_RESPONSE_CANCEL, -1);
  gimp_window_set_transient(GTK_WINDOW(d.window));

  GtkWidget* main_box = gtk_vbox_new(FALSE, 12);
  gtk_container_set_border_width(GTK_CONTAINER(main_box), 12);
  gtk_box_pack_start(GTK_BOX(gtk_dialog_get_content_area(GTK_DIALOG(d.window))), main_box, TRUE, TRUE, 0);

  GtkWidget* sources = gimp_frame_new(_("Training images"));
  gtk_box_pack_start(GTK_BOX(main_box), sources, FALSE, FALSE, 0);
  GtkWidget* table = gtk_table_new(2, 2, FALSE);
  gtk_table_set_col_spacings(GTK_TABLE(table), 6);
  gtk_table_set_row_spacings(GTK_TABLE(table), 6);
  gtk_container_add(GTK_CONTAINER(sources), table);
  const std::vector<SourceChoice> choices = source_choices(host, image);
  attach_source_picker(d, table, 0, choices, values.source_a);
  attach_source_picker(d, table, 1, choices, values.source_b);

  GtkWidget* settings = gimp_frame_new(_("Model"));
  gtk_box_pack_start(GTK_BOX(main_box), settings, FALSE, FALSE, 0);
  GtkWidget* grid = gtk_table_new(6, 2, FALSE);
  gtk_table_set_col_spacings(GTK_TABLE(grid), 6);
  gtk_table_set_row_spacings(GTK_TABLE(grid), 6);
  gtk_container_add(GTK_CONTAINER(settings), grid);
  d.name = gtk_entry_new();
  gtk_entry_set_text(GTK_ENTRY(d.name), values.model_name);
  gimp_table_attach_aligned(GTK_TABLE(grid), 0, 0, _("_Name:"), 0.0, 0.5, d.name, 1, FALSE);
  d.preset = gtk_combo_box_text_new();
  gtk_combo_box_text_append_text(GTK_COMBO_BOX_TEXT(d.preset), _("Quick (for a CPU)"));
  gtk_combo_box_text_append_text(GTK_COMBO_BOX_TEXT(d.preset), _("Paper (needs a GPU)"));
  gtk_combo_box_set_active(GTK_COMBO_BOX(d.preset), CLAMP(values.preset, 0, 1));
  gimp_table_attach_aligned(GTK_TABLE(grid), 0, 1, _("_Preset:"), 0.0, 0.5, d.preset, 1, FALSE);
  d.preset_info = gtk_label_new(nullptr);
  gtk_label_set_line_wrap(GTK_LABEL(d.preset_info), TRUE);
  gtk_misc_set_alignment(GTK_MISC(d.preset_info), 0.0, 0.5);
  gimp_label_set_attributes(GTK_LABEL(d.preset_info), PANGO_ATTR_SCALE, PANGO_SCALE_SMALL, -1);
  gtk_table_attach(GTK_TABLE(grid), d.preset_info, 1, 2, 2, 3, GTK_FILL, GTK_FILL, 0, 0);
  d.minutes = gtk_spin_button_new_with_range(0.1, 43200, 1);
  gtk_spin_button_set_digits(GTK_SPIN_BUTTON(d.minutes), 1);
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(d.minutes), values.minutes);
  gimp_table_attach_aligned(GTK_TABLE(grid), 0, 3, _("_Minutes:"), 0.0, 0.5, d.minutes, 1, TRUE);
  d.image_size = gtk_spin_button_new_with_range(0, 1024, 16);
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(d.image_size), values.image_size);
  gimp_table_attach_aligned(GTK_TABLE(grid), 0, 4, _("Image _size (0 = preset):"), 0.0, 0.5, d.image_size, 1,
                            TRUE);
  d.resume = gtk_check_button_new_with_mnemonic(_("_Resume the training of this model"));
  gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(d.resume), values.resume != 0);
  gtk_table_attach(GTK_TABLE(grid), d.resume, 1, 2, 5, 6, GTK_FILL, GTK_FILL, 0, 0);

  d.summary = gtk_label_new(nullptr);
  gtk_label_set_line_wrap(GTK_LABEL(d.summary), TRUE);
  gtk_misc_set_alignment(GTK_MISC(d.summary), 0.0, 0.5);
  gimp_label_set_attributes(GTK_LABEL(d.summary), PANGO_ATTR_WEIGHT, PANGO_WEIGHT_BOLD, -1);
  gtk_box_pack_start(GTK_BOX(main_box), d.summary, FALSE, FALSE, 0);

  d.suggested_name = suggested_model_name(d.sources, values);  // a remembered name that matches still follows
  update_summary(d);
  for (GtkWidget* w : {d.name, d.preset, d.minutes, d.image_size, d.resume})
    g_signal_connect(w, GTK_IS_TOGGLE_BUTTON(w) ? "toggled" : GTK_IS_SPIN_BUTTON(w) ? "value-changed" : "changed",
                     G_CALLBACK(on_changed), &d);

  gtk_widget_show_all(d.window);
  arm_test_hooks(GTK_DIALOG(d.window));
  const bool ok = gimp_dialog_run(GIMP_DIALOG(d.window)) == GTK_RESPONSE_OK;
  if (ok) values = dialog_values(d);
  gtk_widget_destroy(d.window);
  return ok;
}

}  // namespace cyclegan::plugin::gimp2
