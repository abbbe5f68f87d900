#include "plugin/common/background_priority.h"

#include <sys/resource.h>
#include <sys/types.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace cyclegan::plugin {

bool run_below_gimp() {
  // On Linux a niceness belongs to a thread (PRIO_PROCESS with a thread id; 0 = the caller), and
  // new threads start with their creator's. False only when a setpriority is refused.
  auto lower = [](id_t thread) {
    errno = 0;
    const int now = getpriority(PRIO_PROCESS, thread);
    if (errno != 0) return true;  // the thread has ended
    return now >= kTrainingNiceness || setpriority(PRIO_PROCESS, thread, kTrainingNiceness) == 0;
  };
  bool all = true;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task", error))
    all = lower(static_cast<id_t>(std::strtol(entry.path().filename().c_str(), nullptr, 10))) && all;
  if (error) all = lower(0);  // no /proc: the calling thread alone
  return all;
}

}  // namespace cyclegan::plugin
