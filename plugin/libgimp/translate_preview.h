// Translate's preview for both dialogs: GIMP's own drawable preview (scrollable, the size of the
// drawable's visible part) showing the chosen generator's result on the region in view, computed
// by the same tiled path as the real run. It shows the layer as it is until a usable model is
// chosen, and again when the model cannot be read.
#pragma once

#include <gtk/gtk.h>

#include <string>

#include "core/cyclegan.h"
#include "plugin/common/host.h"

namespace cyclegan::plugin {

class TranslatePreview {
 public:
  TranslatePreview(const Host& host, ItemId drawable);
  TranslatePreview(const TranslatePreview&) = delete;
  TranslatePreview& operator=(const TranslatePreview&) = delete;

  GtkWidget* widget() const { return widget_; }

  // Opens `model_path` if it changed (an empty or unreadable one shows the layer as it is) and
  // redraws with `params`. Never throws: it is called from the dialogs' signal handlers.
  void show(const std::string& model_path, const TranslateParams& params);

 private:
  static void on_invalidated(GtkWidget*, gpointer self);
  void render();

  const Host& host_;
  ItemId drawable_;
  GtkWidget* widget_ = nullptr;
  std::string model_path_;
  Model model_;
  bool usable_ = false;
  TranslateParams params_;
};

}  // namespace cyclegan::plugin
