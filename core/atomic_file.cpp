#include "core/atomic_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/errors.h"
#include "core/temporary_files.h"

namespace cyclegan {

namespace {

std::string folder_of(const std::string& path) {
  const std::string parent = std::filesystem::path(path).parent_path().string();
  return parent.empty() ? "." : parent;
}

// Why a save failed, for the errno values a user can do something about. Each is a whole
// sentence of its own (kept apart from the path and folder), so the plug-in's catalog can show it
// translated.
enum SaveProblem { DiskFull, TooLarge, NotWritable, ReadOnly, NoFolder, FolderInTheWay, OtherProblem, kSaveProblems };

// Indexed by SaveProblem. NotWritable, ReadOnly and NoFolder take the path and the folder;
// OtherProblem the path and the system's reason; the rest the path alone.
const char* const kSaveSentences[kSaveProblems] = {
    CYCLEGAN_MESSAGE("Could not save %s: the disk is full (free some space or choose another folder); any "
                     "previous file there is unchanged."),
    CYCLEGAN_MESSAGE("Could not save %s: the file is larger than this system allows; any previous file there is "
                     "unchanged."),
    CYCLEGAN_MESSAGE("Could not save %s: the folder %s is not writable (choose another folder); any previous file "
                     "there is unchanged."),
    CYCLEGAN_MESSAGE("Could not save %s: the folder %s is on a read-only file system; any previous file there is "
                     "unchanged."),
    CYCLEGAN_MESSAGE("Could not save %s: the folder %s does not exist; any previous file there is unchanged."),
    CYCLEGAN_MESSAGE("Could not save %s: a folder of that name exists; any previous file there is unchanged."),
    CYCLEGAN_MESSAGE("Could not save %s: %s; any previous file there is unchanged."),
};

// Closes and removes the temporary file unless release() was called: every early exit
// (throw, SIGTERM) cleans up.
class TempFile {
 public:
  TempFile(int fd, std::string path) : fd_(fd), pending_(std::move(path)) {}
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  int fd() const { return fd_; }
  const std::string& path() const { return pending_.path(); }
  int close() {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }
  void release() { pending_.release(); }

 private:
  int fd_;
  PendingTemporary pending_;
};

std::string file_name_of(const std::string& path) { return std::filesystem::path(path).filename().string(); }

OutputError save_failure(const std::string& path, int err) {
  const std::string folder = folder_of(path);
  auto with_folder = [&](SaveProblem problem) { return Message{kSaveSentences[problem], {path, folder}}; };
  switch (err) {
    case ENOSPC:
    case EDQUOT: return OutputError(Message{kSaveSentences[DiskFull], {path}});
    case EFBIG: return OutputError(Message{kSaveSentences[TooLarge], {path}});
    case EACCES:
    case EPERM: return OutputError(with_folder(NotWritable));
    case EROFS: return OutputError(with_folder(ReadOnly));
    case ENOENT:
    case ENOTDIR: return OutputError(with_folder(NoFolder));
    case EISDIR: return OutputError(Message{kSaveSentences[FolderInTheWay], {path}});
    default: return OutputError(Message{kSaveSentences[OtherProblem], {path, std::strerror(err)}});
  }
}

// Makes the rename itself durable; failing here does not lose data, so it is not an error.
void sync_folder(const std::string& folder) {
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

}  // namespace

std::vector<Message> training_stopped_by(const Error& failure, int64_t iteration) {
  std::vector<Message> sentences = sentences_of(failure);
  sentences.push_back({CYCLEGAN_MESSAGE("Training stopped at iteration %s."), {std::to_string(iteration)}});
  return sentences;
}

void replace_with_temporary(const std::string& temp_path, const std::string& path) {
  const int fd = ::open(temp_path.c_str(), O_RDONLY);
  if (fd < 0) throw save_failure(path, errno);
  const bool synced = ::fsync(fd) == 0;
  const int sync_error = errno;
  ::close(fd);
  if (!synced) throw save_failure(path, sync_error);
  if (::rename(temp_path.c_str(), path.c_str()) != 0) throw save_failure(path, errno);
  sync_folder(folder_of(path));
}

void write_file_atomically(const std::string& path, const std::string& bytes) {
  const std::string folder = folder_of(path);
  auto fail = [&](int err) { return save_failure(path, err); };

  struct stat target {};
  if (::stat(path.c_str(), &target) == 0 && S_ISDIR(target.st_mode)) throw fail(EISDIR);

  // mkstemp: a unique name, so two saves of the same model never share a temporary file. A
  // save killed outright (SIGKILL, power cut) left its temporary here: removed now.
  remove_stale_temporaries(folder, file_name_of(path) + ".tmp-");
  std::string pattern = temporary_template(path + ".tmp-");
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) throw fail(errno);
  TempFile temp(fd, pattern);

  // mkstemp creates 0600; give the model the permissions an ordinary new file would get.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);

  const char* data = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw fail(errno);
    }
    data += n;
    left -= static_cast<size_t>(n);
  }
  // Some file systems (NFS, tmpfs quotas) report a full disk only here.
  if (::fsync(fd) != 0) throw fail(errno);
  if (temp.close() != 0) throw fail(errno);
  if (::rename(temp.path().c_str(), path.c_str()) != 0) throw fail(errno);
  temp.release();
  sync_folder(folder);
}

}  // namespace cyclegan
