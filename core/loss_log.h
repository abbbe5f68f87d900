// The loss history of a training run: appended to a JSON-lines file as it goes (one object per
// iteration: {"iteration":…, "epoch":…, "lr":…, "seconds":…, "D_A":…, …}), kept in memory, and
// drawn as a PNG plot at the end (adversarial losses on top, cycle and identity below, each
// curve a moving average so the trend shows through GAN noise).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "core/cyclegan.h"

namespace cyclegan {

struct LossRecord {
  int64_t iteration = 0;
  int64_t epoch = 0;
  double learning_rate = 0;
  double seconds = 0;
  std::vector<std::pair<std::string, double>> losses;
};

class LossLog {
 public:
  // path "" = keep in memory only. Appends (a resumed run continues the same file); throws
  // OutputError when the file cannot be opened.
  explicit LossLog(const std::string& path = "");
  ~LossLog();
  LossLog(const LossLog&) = delete;
  LossLog& operator=(const LossLog&) = delete;

  void add(const LossRecord& record);
  const std::vector<LossRecord>& records() const { return records_; }

  // One JSON object, no newline.
  static std::string to_json(const LossRecord& record);

 private:
  std::FILE* file_ = nullptr;
  std::string path_;
  std::vector<LossRecord> records_;
};

// The plot as an RGB image (white background); empty records give an empty frame.
PixelBuffer plot_losses(const std::vector<LossRecord>& records, int width = 960, int height = 600);

// plot_losses saved as PNG (throws OutputError).
void save_loss_plot(const std::vector<LossRecord>& records, const std::string& path);

}  // namespace cyclegan
