// Temporary files that never outlive the process that made them, on any exit path we can see:
// a thrown error (PendingTemporary's destructor), SIGTERM, SIGHUP or a last Ctrl-C (the signal
// handlers call remove_pending_temporaries()), and even SIGKILL or a power cut: temporaries
// carry their process id in their name, and the next process that writes there removes those
// whose process is gone.
#pragma once

#include <string>

namespace cyclegan {

// "<prefix><pid>-XXXXXX<suffix>" as a mkstemp() template: the pid lets a later process tell a
// stale temporary from one that another running process is still writing.
std::string temporary_template(const std::string& prefix, const std::string& suffix = "");

// Removes, in `folder`, the files named "<prefix><pid>-XXXXXX..." whose process no longer
// exists. Never fails: a file it cannot remove stays.
void remove_stale_temporaries(const std::string& folder, const std::string& prefix);

// The same, at most once per folder and prefix in this process: for writers called once per
// image of a large folder.
void remove_stale_temporaries_once(const std::string& folder, const std::string& prefix);

// Marks `path` for removal by remove_pending_temporaries() until release() or destruction; the
// destructor removes the file unless release() was called (after a successful rename).
class PendingTemporary {
 public:
  explicit PendingTemporary(std::string path);
  ~PendingTemporary();
  PendingTemporary(const PendingTemporary&) = delete;
  PendingTemporary& operator=(const PendingTemporary&) = delete;

  const std::string& path() const { return path_; }
  void release();

 private:
  std::string path_;
  int slot_;
};

// Unlinks every pending temporary. Async-signal-safe: meant for signal handlers.
void remove_pending_temporaries() noexcept;

// SIGTERM and SIGHUP remove the pending temporaries, then end the process as the signal would
// have (so the parent still sees "killed by SIGTERM"). For the command line's commands.
void remove_temporaries_on_termination();

}  // namespace cyclegan
