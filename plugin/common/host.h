// What the plug-in's shared code needs from the GIMP it runs in. plugin/gimp2 and plugin/gimp3
// each implement these primitives over their own libgimp; the procedures' flow, the training and
// translation loops and the source lookup are written once against them (run_procedure.h,
// train_run.h, translate_run.h, host_sources.h), the way G'MIC-Qt keeps one filter UI over a
// small per-host header.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/cyclegan.h"
#include "core/loss_log.h"
#include "plugin/common/context_region.h"

namespace cyclegan::plugin {

// An image, or a layer or layer group, as libgimp numbers it (both APIs have integer ids; images
// and items are numbered apart).
using ItemId = int64_t;

// The small window shown while training interactively: progress, a status line and Stop.
class StopWindow {
 public:
  virtual ~StopWindow() = default;
  // `status`: where the run is ("Iteration 120 of 4500, about 3 min left"); `pace`: time and speed.
  virtual void update(double fraction, const std::string& status, const std::string& pace) = 0;
  // Shows the trainer's latest sample sheet (real A, G(A), F(G(A)); real B, F(B), G(F(B))).
  virtual void show_samples(const std::string& png_path) = 0;
  // Shows the losses of this run so far (loss_plot.h draws them).
  virtual void show_losses(const std::vector<LossRecord>& records) = 0;
  // Handles pending UI events (redraws, the Stop button) and says whether Stop was pressed.
  virtual bool stop_requested() = 0;
  // What Stop does (also for the test hook in train_run): shows that training is stopping.
  virtual void request_stop() = 0;
  // Training is over: shows `outcome` (where the model was saved, and the learning check's
  // verdict when it warns: `warning`) with Close and, when `open_samples` is set, a button that
  // calls it to open the sample sheet. Returns when the user closes the window.
  virtual void show_outcome(const std::string& outcome, bool warning, const std::function<void()>& open_samples) = 0;
};

class Host {
 public:
  virtual ~Host() = default;

  // What is open: images, their top-level layers, a group's children, names.
  virtual std::vector<ItemId> images() const = 0;
  virtual std::vector<ItemId> top_layers(ItemId image) const = 0;
  virtual std::vector<ItemId> children(ItemId group) const = 0;
  virtual bool is_group(ItemId item) const = 0;
  virtual bool is_layer(ItemId item) const = 0;     // a pixel layer or group, not a mask or channel
  virtual bool is_indexed(ItemId drawable) const = 0;
  virtual bool is_gray(ItemId drawable) const = 0;
  virtual std::string image_name(ItemId image) const = 0;  // as GIMP shows it: "zebras.xcf"
  // Whether the plug-in opened `image` itself (open_image_file: a sample sheet), so it is never
  // offered as training images.
  virtual bool is_plugin_output(ItemId image) const = 0;
  virtual std::string item_name(ItemId item) const = 0;

  // Pixels, always float and perceptual (R'G'B'/Y') in the drawable's own colour space, so every
  // precision keeps its values. `rgb` asks for 3 channels whatever the drawable holds (training
  // images); otherwise its own channels (gray 1-2, RGB 3-4).
  virtual void size(ItemId drawable, int& width, int& height) const = 0;
  virtual PixelBuffer read(ItemId drawable, const Rect& area, bool rgb) const = 0;
  // The selection's bounds on the drawable (the whole drawable without a selection); false when
  // the selection does not touch it.
  virtual bool selection_bounds(ItemId drawable, Rect& bounds) const = 0;
  // Writes `pixels` at `area` into the shadow buffer and merges it through the selection mask (a
  // feathered selection blends), as one undo step inside the current undo group.
  virtual void write_through_selection(ItemId drawable, const Rect& area, const PixelBuffer& pixels) = 0;
  // A copy of the layer `layer` (pixels, alpha, mask) inserted just above it, named `name`, at
  // `opacity` percent; returns the new layer.
  virtual ItemId add_layer_copy(ItemId layer, const std::string& name, double opacity) = 0;
  virtual void begin_undo_group(ItemId image) = 0;
  virtual void end_undo_group(ItemId image) = 0;
  // Converts a grayscale image to RGB (Image → Mode → RGB); its layers keep their ids.
  virtual void convert_to_rgb(ItemId image) = 0;

  // Feedback: GIMP's progress bar, a message, the training window.
  virtual void progress_start(const std::string& text) = 0;
  virtual void progress(double fraction, const std::string& text) = 0;  // empty text keeps the last
  virtual void message(const std::string& text) = 0;
  // Asks before the work starts: true for `accept`, false for `decline`; closing the question
  // throws cyclegan::Cancelled (nothing was done yet).
  virtual bool ask(const std::string& question, const std::string& accept, const std::string& decline) = 0;
  // The core's warnings (sentences kept as formats and arguments) as one message in the user's
  // language.
  void warn(const std::vector<Message>& sentences);
  virtual std::unique_ptr<StopWindow> stop_window(const std::string& title) = 0;

  // Files and displays.
  virtual std::string gimp_directory() const = 0;  // the user's GIMP profile
  // Opens `path` as a new, clean image in a display, marked as the plug-in's (is_plugin_output).
  virtual void open_image_file(const std::string& path) = 0;
  virtual void flush_displays() = 0;
};

// The Host of the GIMP this binary is built for: plugin/gimp2/host.cpp or plugin/gimp3/host.cpp
// defines its members (one of them is compiled, see plugin/meson.build).
class GimpHost final : public Host {
 public:
  std::vector<ItemId> images() const override;
  std::vector<ItemId> top_layers(ItemId image) const override;
  std::vector<ItemId> children(ItemId group) const override;
  bool is_group(ItemId item) const override;
  bool is_layer(ItemId item) const override;
  bool is_indexed(ItemId drawable) const override;
  bool is_gray(ItemId drawable) const override;
  std::string image_name(ItemId image) const override;
  bool is_plugin_output(ItemId image) const override;
  std::string item_name(ItemId item) const override;

  void size(ItemId drawable, int& width, int& height) const override;
  PixelBuffer read(ItemId drawable, const Rect& area, bool rgb) const override;
  bool selection_bounds(ItemId drawable, Rect& bounds) const override;
  void write_through_selection(ItemId drawable, const Rect& area, const PixelBuffer& pixels) override;
  ItemId add_layer_copy(ItemId layer, const std::string& name, double opacity) override;
  void begin_undo_group(ItemId image) override;
  void end_undo_group(ItemId image) override;
  void convert_to_rgb(ItemId image) override;

  void progress_start(const std::string& text) override;
  void progress(double fraction, const std::string& text) override;
  void message(const std::string& text) override;
  bool ask(const std::string& question, const std::string& accept, const std::string& decline) override;
  std::unique_ptr<StopWindow> stop_window(const std::string& title) override;

  std::string gimp_directory() const override;
  void open_image_file(const std::string& path) override;
  void flush_displays() override;
};

}  // namespace cyclegan::plugin
