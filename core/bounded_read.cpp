#include "core/bounded_read.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "base/errors.h"

namespace cyclegan {

namespace {

// What a non-regular file is, in a user's words; empty for a regular file.
std::string kind_of_special(mode_t mode) {
  if (S_ISREG(mode)) return "";
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a named pipe (FIFO)";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

std::string cannot_read(const std::string& what, const std::string& path) {
  return "Cannot read " + what + " \"" + path + "\": ";
}

std::string megabytes(uint64_t bytes) {
  return std::to_string((bytes + (1u << 20) - 1) >> 20) + " MB";
}

}  // namespace

void require_regular_file(const std::string& path, const std::string& what) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) throw InputError(cannot_read(what, path) + std::strerror(errno) + ".");
  const std::string special = kind_of_special(st.st_mode);
  if (!special.empty()) throw InputError(cannot_read(what, path) + "it is " + special + ", not a file.");
}

std::string read_regular_file(const std::string& path, const std::string& what, uint64_t max_bytes) {
  const int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw InputError(cannot_read(what, path) + std::strerror(errno) + ".");
  struct stat st {};
  std::string error;
  if (fstat(fd, &st) != 0) {
    error = std::strerror(errno);
  } else if (!kind_of_special(st.st_mode).empty()) {
    error = "it is " + kind_of_special(st.st_mode) + ", not a file";
  } else if (uint64_t(st.st_size) > max_bytes) {
    error = "the file holds " + megabytes(uint64_t(st.st_size)) + ", more than the " + megabytes(max_bytes) +
            " a " + what + " can take here";
  }
  std::string bytes;
  if (error.empty()) {
    // Regular files never return EAGAIN, so O_NONBLOCK changes nothing from here on.
    bytes.resize(size_t(st.st_size));
    size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = read(fd, &bytes[done], bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        error = std::strerror(errno);
        break;
      }
      if (n == 0) break;  // shrank while we read: what is there is what we judge
      done += size_t(n);
    }
    bytes.resize(done);
  }
  close(fd);
  if (!error.empty()) throw InputError(cannot_read(what, path) + error + ".");
  return bytes;
}

uint64_t max_image_pixels() {
  static const uint64_t limit = [] {
    constexpr double kDefaultMegapixels = 100;
    double megapixels = kDefaultMegapixels;
    if (const char* text = std::getenv("CYCLEGAN_MAX_MEGAPIXELS")) {
      char* end = nullptr;
      const double v = std::strtod(text, &end);
      if (end != text && *end == '\0' && v > 0 && std::isfinite(v)) megapixels = v;
    }
    return uint64_t(std::min(megapixels * 1e6, 1e15));
  }();
  return limit;
}

std::string megapixels_text(double pixels) {
  const double m = pixels / 1e6;
  return m >= 10 ? std::to_string(uint64_t(std::llround(m))) : std::to_string(m).substr(0, 4);
}

}  // namespace cyclegan
