// Translate's preview for both dialogs: GIMP's own drawable preview (scrollable, the size of the
// drawable's visible part) showing the chosen generator's result on the region in view, computed
// by the same tiled path as the real run, with a Split view toggle (left half as it is). The
// translation runs on a worker thread, so the dialog stays responsive: the region in view shows
// as it is at once and is replaced by its translation when that is ready; a newer view or
// option cancels the one being computed. It shows the layer as it is until a usable model is
// chosen, and again when the model cannot be read. Under it, a thumbnail of the model's last
// sample sheet, when training kept one beside the model.
#pragma once

#include <gtk/gtk.h>

#include <memory>
#include <string>

#include "core/cyclegan.h"
#include "plugin/common/host.h"

namespace cyclegan::plugin {

class PreviewWorker;  // translate_preview.cpp

class TranslatePreview {
 public:
  TranslatePreview(const Host& host, ItemId drawable);
  ~TranslatePreview();  // cancels and waits for the translation in progress
  TranslatePreview(const TranslatePreview&) = delete;
  TranslatePreview& operator=(const TranslatePreview&) = delete;

  // The preview and its Split view toggle, to pack into a dialog.
  GtkWidget* widget() const { return box_; }

  // Opens `model_path` if it changed (an empty or unreadable one shows the layer as it is) and
  // redraws with `params`. Never throws: it is called from the dialogs' signal handlers.
  void show(const std::string& model_path, const TranslateParams& params);

 private:
  static void on_invalidated(GtkWidget*, gpointer self);
  static void on_split_toggled(GtkToggleButton*, gpointer self);
  static gboolean on_tick(gpointer self);
  void render();
  void show_sample_sheet();  // model_path_'s sheet (sample_sheet_path), hidden when it has none

  const Host& host_;
  ItemId drawable_;
  gint64 created_at_;  // g_get_monotonic_time()
  GtkWidget* box_ = nullptr;
  GtkWidget* preview_ = nullptr;
  GtkWidget* sheet_ = nullptr;
  static constexpr int kSheetSide = 200;  // the sheet thumbnail's larger side, in pixels
  bool split_ = false;
  std::string model_path_;
  Model model_;
  bool usable_ = false;
  TranslateParams params_;
  std::shared_ptr<PreviewWorker> worker_;
  // CYCLEGAN_TEST_PREVIEW_LOG only: the dialog's main-loop ticks (translate_preview.cpp).
  static constexpr guint kTickMs = 10;
  guint ticker_ = 0;
  gint64 last_tick_ = 0;
  double longest_stall_ = 0;
};

}  // namespace cyclegan::plugin
