#include "core/free_cores.h"

#include <sys/times.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <mutex>
#include <string>

#include <ATen/Parallel.h>

namespace cyclegan {

namespace {

struct CpuTimes {
  bool valid = false;
  double busy = 0.0;   // all processors, clock ticks
  double total = 0.0;  // all processors, busy and idle, clock ticks
  double own = 0.0;    // this process, user + system, clock ticks
};

CpuTimes read_cpu_times() {
  CpuTimes t;
  std::ifstream stat("/proc/stat");
  std::string label;
  if (!(stat >> label) || label != "cpu") return t;
  // user nice system idle iowait irq softirq steal (guest time is already inside user)
  double field[8] = {};
  for (double& f : field)
    if (!(stat >> f)) return t;
  const double idle = field[3] + field[4];
  for (double f : field) t.total += f;
  t.busy = t.total - idle;
  struct tms own;
  if (times(&own) == static_cast<clock_t>(-1)) return t;
  t.own = static_cast<double>(own.tms_utime + own.tms_stime);
  t.valid = true;
  return t;
}

struct Following {
  std::mutex mutex;
  bool on = false;
  int most = 1;
  CpuTimes last;
  std::chrono::steady_clock::time_point last_time;
};

Following& following() {
  static Following f;
  return f;
}

}  // namespace

int threads_for_free_cores(int most, int cores, double others_busy) {
  const double free = cores - std::max(0.0, others_busy);
  return std::clamp(static_cast<int>(std::lround(free)), 1, std::max(1, most));
}

void follow_free_cores(bool on, int most) {
  Following& f = following();
  std::lock_guard<std::mutex> lock(f.mutex);
  f.on = on;
  f.most = std::max(1, most);
  f.last = on ? read_cpu_times() : CpuTimes{};
  f.last_time = std::chrono::steady_clock::now();
}

void adapt_threads_to_free_cores() {
  Following& f = following();
  std::unique_lock<std::mutex> lock(f.mutex, std::try_to_lock);
  if (!lock.owns_lock() || !f.on) return;
  const auto now = std::chrono::steady_clock::now();
  // A second spans many of a small network's iterations and at most one of a large one's; the
  // scheduler's view of shorter intervals is noise.
  if (now - f.last_time < std::chrono::seconds(1)) return;
  const CpuTimes previous = f.last, current = read_cpu_times();
  f.last = current;
  f.last_time = now;
  if (!current.valid || !previous.valid) return;
  const double total = current.total - previous.total;
  if (total <= 0.0) return;
  const int cores = static_cast<int>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
  // Our own threads' spinning counts as ours, so a busy loop elsewhere reads as one core taken.
  const double others = cores * ((current.busy - previous.busy) - (current.own - previous.own)) / total;
  const int threads = threads_for_free_cores(f.most, cores, others);
  if (threads != at::get_num_threads()) at::set_num_threads(threads);
}

}  // namespace cyclegan
