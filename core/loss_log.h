// The loss history of a training run: appended to a JSON-lines file as it goes (one object per
// iteration: {"iteration":…, "epoch":…, "lr":…, "seconds":…, "D_A":…, …}; a loss that is not a
// finite number is null) and kept in memory for the plot (loss_plot.h).
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

}  // namespace cyclegan
