#include "core/temporary_files.h"

#include <atomic>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <dirent.h>
#include <mutex>
#include <set>
#include <signal.h>
#include <unistd.h>

namespace cyclegan {

namespace {

// A fixed table, not a container: signal handlers may read it, and must not allocate or lock.
// A process has at most a few temporaries at once (a model save, an image save, a decoded copy
// per thread); a temporary that finds no free slot is still removed by its destructor.
constexpr int kSlots = 32;
constexpr size_t kPathBytes = 4096;

struct Slot {
  std::atomic<int> state{0};  // 0 free, 1 being filled or emptied, 2 holds a path
  char path[kPathBytes];
};
Slot g_slots[kSlots];

int claim_slot(const std::string& path) {
  if (path.size() >= kPathBytes) return -1;
  for (int i = 0; i < kSlots; ++i) {
    int expected = 0;
    if (g_slots[i].state.compare_exchange_strong(expected, 1)) {
      std::memcpy(g_slots[i].path, path.c_str(), path.size() + 1);
      g_slots[i].state.store(2, std::memory_order_release);
      return i;
    }
  }
  return -1;
}

void free_slot(int i) {
  if (i >= 0) g_slots[i].state.store(0, std::memory_order_release);
}

// The pid in a name made from temporary_template(prefix, suffix): "<prefix><digits>-" then six
// mkstemp characters, then the end or a suffix starting with '.'; 0 for any other name, so that
// a user's file that merely starts like ours is never touched.
pid_t pid_in_name(const char* name, const std::string& prefix) {
  if (std::strncmp(name, prefix.c_str(), prefix.size()) != 0) return 0;
  const char* p = name + prefix.size();
  long pid = 0;
  int digits = 0;
  for (; *p >= '0' && *p <= '9' && digits < 10; ++p, ++digits) pid = pid * 10 + (*p - '0');
  if (digits == 0 || *p != '-' || pid <= 0) return 0;
  ++p;
  for (int i = 0; i < 6; ++i, ++p)
    if (!std::isalnum(static_cast<unsigned char>(*p))) return 0;
  return *p == '\0' || *p == '.' ? static_cast<pid_t>(pid) : 0;
}

bool process_gone(pid_t pid) { return ::kill(pid, 0) != 0 && errno == ESRCH; }

void on_termination(int signal_number) {
  remove_pending_temporaries();
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

}  // namespace

std::string temporary_template(const std::string& prefix, const std::string& suffix) {
  return prefix + std::to_string(::getpid()) + "-XXXXXX" + suffix;
}

void remove_stale_temporaries(const std::string& folder, const std::string& prefix) {
  DIR* dir = ::opendir(folder.c_str());
  if (!dir) return;
  while (const dirent* entry = ::readdir(dir)) {
    const pid_t pid = pid_in_name(entry->d_name, prefix);
    if (pid > 0 && pid != ::getpid() && process_gone(pid))
      ::unlinkat(::dirfd(dir), entry->d_name, 0);
  }
  ::closedir(dir);
}

void remove_stale_temporaries_once(const std::string& folder, const std::string& prefix) {
  static std::mutex mutex;
  static std::set<std::string> done;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (!done.insert(folder + '\0' + prefix).second) return;
  }
  remove_stale_temporaries(folder, prefix);
}

PendingTemporary::PendingTemporary(std::string path) : path_(std::move(path)), slot_(claim_slot(path_)) {}

PendingTemporary::~PendingTemporary() {
  free_slot(slot_);
  if (!path_.empty()) ::unlink(path_.c_str());
}

void PendingTemporary::release() {
  free_slot(slot_);
  slot_ = -1;
  path_.clear();
}

void remove_pending_temporaries() noexcept {
  for (Slot& slot : g_slots)
    if (slot.state.load(std::memory_order_acquire) == 2) ::unlink(slot.path);
}

void remove_temporaries_on_termination() {
  std::signal(SIGTERM, on_termination);
  std::signal(SIGHUP, on_termination);
}

}  // namespace cyclegan
