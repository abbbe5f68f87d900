// One domain's source in the Train dialogs, built alike for GTK 2 (GIMP 2.10) and GTK 3 (GIMP 3):
// a list of the image's layer groups and the other open images by name and layer count, and a
// Folder… button whose choice joins the list ("Folder /photos — 40 images"). What is chosen is
// the source string the procedure reads ("group:horses", "image:zebras.xcf", "folder:/photos").
// Under the list, a strip of thumbnails of the chosen source's first images.
#pragma once

#include <gtk/gtk.h>

#include <functional>
#include <string>
#include <vector>

#include "plugin/common/host_sources.h"
#include "plugin/common/train_plan.h"

namespace cyclegan::plugin {

class SourcePicker {
 public:
  using Changed = std::function<void(const std::string& source)>;
  using Samples = std::function<SourceSamples(const std::string& source, size_t count)>;

  // `current`: the source to show first (a remembered one not in `choices` is added to them);
  // `samples` says which layers or files the thumbnails show; `changed` is called whenever the
  // user picks another source.
  SourcePicker(const std::vector<SourceChoice>& choices, const std::string& current, Samples samples,
               Changed changed);
  SourcePicker(const SourcePicker&) = delete;
  SourcePicker& operator=(const SourcePicker&) = delete;

  GtkWidget* widget() const { return box_; }
  GtkWidget* list() const { return combo_; }  // for a label's mnemonic
  std::string source() const;                 // "" when nothing is chosen

 private:
  static void on_changed(GtkComboBox*, gpointer self);
  static void on_folder_clicked(GtkButton*, gpointer self);
  void add_and_select(const SourceChoice& choice);
  void show_thumbnails();

  GtkWidget* box_ = nullptr;
  GtkWidget* combo_ = nullptr;
  GtkWidget* strip_ = nullptr;  // the thumbnails
  Samples samples_;
  std::vector<std::string> sources_;  // by row (GTK 2's combo has no id column)
  Changed changed_;
};

}  // namespace cyclegan::plugin
