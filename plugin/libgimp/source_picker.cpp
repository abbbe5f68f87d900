#include "plugin/libgimp/source_picker.h"

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include <algorithm>
#include <utility>

#include "plugin/common/i18n.h"
#include "plugin/common/train_source.h"
#include "plugin/libgimp/gimp_refs.h"
#include "plugin/libgimp/gtk_compat.h"

namespace cyclegan::plugin {
namespace {

// A remembered or typed source that is not listed: labelled as well as it can be.
SourceChoice choice_for(const std::string& source) {
  try {
    const TrainSource parsed = parse_train_source(source);
    if (parsed.kind == SourceKind::Folder) return folder_choice(parsed.name);
  } catch (...) {
    // Not a valid source: listed as written; the dialog's summary says what is wrong with it.
  }
  return {source, source};
}

constexpr int kThumbnailSide = 40;
constexpr size_t kThumbnails = 8;

GdkPixbuf* layer_thumbnail(LayerId layer) {
  return gimp_drawable_get_thumbnail(drawable_of(layer), kThumbnailSide, kThumbnailSide, GIMP_PIXBUF_SMALL_CHECKS);
}

GdkPixbuf* file_thumbnail(const std::string& path) {
  return gdk_pixbuf_new_from_file_at_scale(path.c_str(), kThumbnailSide, kThumbnailSide, TRUE, nullptr);
}

}  // namespace

SourcePicker::SourcePicker(const std::vector<SourceChoice>& choices, const std::string& current, Samples samples,
                           Changed changed)
    : samples_(std::move(samples)), changed_(std::move(changed)) {
  box_ = vbox(4);
  GtkWidget* row = hbox(6);
  gtk_box_pack_start(GTK_BOX(box_), row, FALSE, FALSE, 0);
  strip_ = hbox(2);
  gtk_box_pack_start(GTK_BOX(box_), strip_, FALSE, FALSE, 0);
  combo_ = gtk_combo_box_text_new();
  for (const SourceChoice& choice : choices) {
    gtk_combo_box_text_append_text(GTK_COMBO_BOX_TEXT(combo_), choice.label.c_str());
    sources_.push_back(choice.source);
  }
  if (!current.empty()) {
    const auto listed = std::find(sources_.begin(), sources_.end(), current);
    if (listed != sources_.end())
      gtk_combo_box_set_active(GTK_COMBO_BOX(combo_), static_cast<int>(listed - sources_.begin()));
    else
      add_and_select(choice_for(current));
  }
  gtk_box_pack_start(GTK_BOX(row), combo_, TRUE, TRUE, 0);
  GtkWidget* folder = gtk_button_new_with_mnemonic(_("Fol_der…"));
  gtk_widget_set_tooltip_text(folder, _("Train on the images of a folder instead"));
  gtk_box_pack_start(GTK_BOX(row), folder, FALSE, FALSE, 0);
  show_thumbnails();
  // Connected last: setting the first choice above is not a change the user made.
  g_signal_connect(combo_, "changed", G_CALLBACK(on_changed), this);
  g_signal_connect(folder, "clicked", G_CALLBACK(on_folder_clicked), this);
}

std::string SourcePicker::source() const {
  const int row = gtk_combo_box_get_active(GTK_COMBO_BOX(combo_));
  return row >= 0 && row < static_cast<int>(sources_.size()) ? sources_[row] : "";
}

void SourcePicker::add_and_select(const SourceChoice& choice) {
  const auto listed = std::find(sources_.begin(), sources_.end(), choice.source);
  if (listed != sources_.end()) {
    gtk_combo_box_set_active(GTK_COMBO_BOX(combo_), static_cast<int>(listed - sources_.begin()));
    return;
  }
  gtk_combo_box_text_append_text(GTK_COMBO_BOX_TEXT(combo_), choice.label.c_str());
  sources_.push_back(choice.source);
  gtk_combo_box_set_active(GTK_COMBO_BOX(combo_), static_cast<int>(sources_.size()) - 1);
}

void SourcePicker::show_thumbnails() {
  GList* old = gtk_container_get_children(GTK_CONTAINER(strip_));
  for (GList* child = old; child; child = child->next) gtk_widget_destroy(GTK_WIDGET(child->data));
  g_list_free(old);
  const std::string chosen = source();
  if (chosen.empty() || !samples_) return;
  const SourceSamples samples = samples_(chosen, kThumbnails);
  std::vector<GdkPixbuf*> pixbufs;
  for (LayerId layer : samples.layers) pixbufs.push_back(layer_thumbnail(layer));
  for (const std::string& file : samples.files) pixbufs.push_back(file_thumbnail(file));
  for (GdkPixbuf* pixbuf : pixbufs) {
    if (!pixbuf) continue;  // an unreadable file: training will say so
    GtkWidget* thumbnail = gtk_image_new_from_pixbuf(pixbuf);
    g_object_unref(pixbuf);
    gtk_box_pack_start(GTK_BOX(strip_), thumbnail, FALSE, FALSE, 0);
    gtk_widget_show(thumbnail);
  }
}

void SourcePicker::on_changed(GtkComboBox*, gpointer self) {
  auto* picker = static_cast<SourcePicker*>(self);
  picker->show_thumbnails();
  if (picker->changed_) picker->changed_(picker->source());
}

void SourcePicker::on_folder_clicked(GtkButton* button, gpointer self) {
  GtkWidget* toplevel = gtk_widget_get_toplevel(GTK_WIDGET(button));
  GtkWidget* chooser = gtk_file_chooser_dialog_new(
      _("Choose a folder of training images"), GTK_IS_WINDOW(toplevel) ? GTK_WINDOW(toplevel) : nullptr,
      GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Cancel"), GTK_RESPONSE_CANCEL, _("_Open"), GTK_RESPONSE_ACCEPT,
      nullptr);
  if (gtk_dialog_run(GTK_DIALOG(chooser)) == GTK_RESPONSE_ACCEPT) {
    const std::string path = take_text(gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(chooser)));
    if (!path.empty()) static_cast<SourcePicker*>(self)->add_and_select(folder_choice(path));
  }
  gtk_widget_destroy(chooser);
}

}  // namespace cyclegan::plugin
