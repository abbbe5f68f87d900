#include "plugin/libgimp/model_widgets.h"

#include <gio/gio.h>

#include "plugin/common/i18n.h"
#include "plugin/libgimp/gtk_compat.h"
#include "plugin/libgimp/test_hooks.h"

namespace cyclegan::plugin {

GtkWidget* model_file_button(const std::string& folder) {
  GtkWidget* button = gtk_file_chooser_button_new(_("Choose a CycleGAN model"), GTK_FILE_CHOOSER_ACTION_OPEN);
  GtkFileFilter* models = gtk_file_filter_new();
  gtk_file_filter_set_name(models, _("CycleGAN models (*.cgan, *.pth)"));
  gtk_file_filter_add_pattern(models, "*.cgan");
  gtk_file_filter_add_pattern(models, "*.pth");
  gtk_file_chooser_add_filter(GTK_FILE_CHOOSER(button), models);
  gtk_file_chooser_set_current_folder(GTK_FILE_CHOOSER(button), folder.c_str());
  return button;
}

namespace {

void open_folder(GtkButton*, gpointer folder) {
  gchar* uri = g_filename_to_uri(static_cast<const char*>(folder), nullptr, nullptr);
  GError* error = nullptr;
  if (!uri || !g_app_info_launch_default_for_uri(uri, nullptr, &error))
    g_message(_("Cannot open the models folder %s: %s"), static_cast<const char*>(folder),
              error ? error->message : _("not a valid path"));
  g_clear_error(&error);
  g_free(uri);
}

}  // namespace

GtkWidget* models_folder_row(const std::string& folder) {
  GtkWidget* row = hbox(6);
  GtkWidget* label = gtk_label_new(format(_("Models folder: %s"), folder.c_str()).c_str());
  gtk_label_set_ellipsize(GTK_LABEL(label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_selectable(GTK_LABEL(label), TRUE);
  align_left(label);
  PangoAttrList* small = pango_attr_list_new();
  pango_attr_list_insert(small, pango_attr_scale_new(PANGO_SCALE_SMALL));
  gtk_label_set_attributes(GTK_LABEL(label), small);
  pango_attr_list_unref(small);
  gtk_box_pack_start(GTK_BOX(row), label, TRUE, TRUE, 0);

  GtkWidget* open = gtk_button_new_with_mnemonic(_("Open _Folder"));
  gtk_widget_set_tooltip_text(open, _("Rename, copy or delete models in your file manager."));
  // The path lives as long as the button: freed with it.
  gchar* path = g_strdup(folder.c_str());
  g_object_set_data_full(G_OBJECT(open), "cyclegan-folder", path, g_free);
  g_signal_connect(open, "clicked", G_CALLBACK(open_folder), path);
  gtk_box_pack_start(GTK_BOX(row), open, FALSE, FALSE, 0);
  arm_test_click(open, "CYCLEGAN_TEST_OPEN_FOLDER");
  return row;
}

}  // namespace cyclegan::plugin
