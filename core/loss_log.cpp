#include "core/loss_log.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <sstream>

#include "base/errors.h"

namespace cyclegan {

LossLog::LossLog(const std::string& path) : path_(path) {
  if (path.empty()) return;
  file_ = std::fopen(path.c_str(), "a");
  if (!file_) throw OutputError("Cannot write the loss log " + path + ": " + std::strerror(errno) + ".");
}

LossLog::~LossLog() {
  if (file_) std::fclose(file_);
}

std::string LossLog::to_json(const LossRecord& r) {
  std::ostringstream s;
  s.precision(6);
  s << "{\"iteration\":" << r.iteration << ",\"epoch\":" << r.epoch << ",\"lr\":" << r.learning_rate
    << ",\"seconds\":" << r.seconds;
  // JSON has no NaN or infinity; a diverged loss is null, which every JSON reader accepts.
  for (const auto& [name, value] : r.losses) {
    s << ",\"" << name << "\":";
    if (std::isfinite(value)) s << value;
    else s << "null";
  }
  s << "}";
  return s.str();
}

void LossLog::add(const LossRecord& record) {
  records_.push_back(record);
  if (!file_) return;
  const std::string line = to_json(record) + "\n";
  if (std::fputs(line.c_str(), file_) < 0 || std::fflush(file_) != 0)
    throw OutputError("Cannot write the loss log " + path_ + ": " + std::strerror(errno) + ".");
}

}  // namespace cyclegan
