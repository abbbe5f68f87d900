#include "plugin/common/background_priority.h"

#include <sys/resource.h>
#include <sys/types.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace cyclegan::plugin {

bool run_below_gimp() {
  // On Linux a niceness belongs to a thread (PRIO_PROCESS with a thread id), and new threads
  // start with their creator's.
  bool all = true;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task", error)) {
    const id_t thread = static_cast<id_t>(std::strtol(entry.path().filename().c_str(), nullptr, 10));
    errno = 0;
    const int now = getpriority(PRIO_PROCESS, thread);
    if (errno != 0) continue;  // the thread has ended
    if (now < kTrainingNiceness && setpriority(PRIO_PROCESS, thread, kTrainingNiceness) != 0) all = false;
  }
  if (error) {  // no /proc: the calling thread alone
    errno = 0;
    const int now = getpriority(PRIO_PROCESS, 0);
    if (now < kTrainingNiceness && setpriority(PRIO_PROCESS, 0, kTrainingNiceness) != 0) all = false;
  }
  return all;
}

}  // namespace cyclegan::plugin
