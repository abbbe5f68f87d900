#include "plugin/libgimp/model_widgets.h"

#include "plugin/common/i18n.h"

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

}  // namespace cyclegan::plugin
