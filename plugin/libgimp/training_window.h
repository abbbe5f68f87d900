// The StopWindow of both front ends, one source compiled against each GIMP's GTK (2 for GIMP
// 2.10, 3 for GIMP 3): progress, the trainer's status, time and speed, the latest samples beside
// a plot of the losses, and a Stop button. GIMP's own
// progress Cancel would end the plug-in process; Stop instead asks the trainer to stop, which
// saves the model trained so far.
#pragma once

#include <gtk/gtk.h>

#include <functional>
#include <string>
#include <vector>

#include "plugin/common/host.h"

namespace cyclegan::plugin {

class TrainingWindow : public StopWindow {
 public:
  explicit TrainingWindow(const std::string& title);
  ~TrainingWindow() override;
  TrainingWindow(const TrainingWindow&) = delete;
  TrainingWindow& operator=(const TrainingWindow&) = delete;

  void update(double fraction, const std::string& status, const std::string& pace) override;
  void show_samples(const std::string& png_path) override;
  void show_losses(const std::vector<LossRecord>& records) override;
  bool stop_requested() override;
  // Stop or closing the window: the button shows "Stopping…" until training returns.
  void request_stop() override;
  void show_outcome(const std::string& outcome, bool warning, const std::function<void()>& open_samples) override;
  // Closing the window: Stop while training, Close once it is over.
  void close_or_stop();

 private:
  GtkWidget* window_ = nullptr;
  GtkWidget* box_ = nullptr;
  GtkWidget* running_ = nullptr;  // the hint and Stop
  GtkWidget* bar_ = nullptr;
  GtkWidget* stop_button_ = nullptr;
  GtkWidget* pace_ = nullptr;
  GtkWidget* samples_ = nullptr;
  GtkWidget* losses_ = nullptr;
  bool stop_ = false;
  bool finished_ = false;  // show_outcome was called
  bool closed_ = false;
};

}  // namespace cyclegan::plugin
