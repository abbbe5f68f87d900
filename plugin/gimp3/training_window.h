// A small GTK 3 window shown while "Train Style Pair" runs interactively in GIMP 3: progress, the
// trainer's status text and a Stop button. Stop asks the trainer to stop, which saves the model
// trained so far (cancelling GIMP's own progress would end the plug-in without that).
#pragma once

#include <gtk/gtk.h>

#include <string>

namespace cyclegan::plugin::gimp3 {

class TrainingWindow {
 public:
  explicit TrainingWindow(const std::string& title);
  ~TrainingWindow();
  TrainingWindow(const TrainingWindow&) = delete;
  TrainingWindow& operator=(const TrainingWindow&) = delete;

  void update(double fraction, const std::string& text);
  // Handles pending GTK events (redraws, the Stop button) and says whether Stop was pressed.
  bool stop_requested();

 private:
  GtkWidget* window_ = nullptr;
  GtkWidget* bar_ = nullptr;
  bool stop_ = false;
};

}  // namespace cyclegan::plugin::gimp3
