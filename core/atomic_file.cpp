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

// One sentence for the errno values a user can do something about.
std::string reason(int err, const std::string& folder) {
  switch (err) {
    case ENOSPC:
    case EDQUOT: return "the disk is full (free some space or choose another folder)";
    case EFBIG: return "the file is larger than this system allows";
    case EACCES:
    case EPERM: return "the folder " + folder + " is not writable (choose another folder)";
    case EROFS: return "the folder " + folder + " is on a read-only file system";
    case ENOENT:
    case ENOTDIR: return "the folder " + folder + " does not exist";
    case EISDIR: return "a folder of that name exists";
    default: return std::strerror(err);
  }
}

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
  return OutputError("Could not save " + path + ": " + reason(err, folder_of(path)) +
                     "; any previous file there is unchanged.");
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
