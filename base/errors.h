// The exceptions that models/, core/ and the front ends share: the bottom layer, which includes
// nothing of ours, so no include runs upward. Each message is one sentence a user can act on,
// naming the file or object concerned; front ends (CLI, GIMP plug-in) catch `Error` at exactly
// one place and show `what()`. No LibTorch types here: plugin/ includes this header.
#pragma once

#include <new>
#include <stdexcept>
#include <string>

namespace cyclegan {

// Base of everything we throw on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The user's input is unusable: images, folders, options, layers.
class InputError : public Error {
 public:
  using Error::Error;
};

// A model or checkpoint file is missing, corrupt, of the wrong kind or from a newer version.
class CheckpointError : public Error {
 public:
  using Error::Error;
};

// Writing a file failed (unwritable folder, disk full); the previous file is left intact.
class OutputError : public Error {
 public:
  using Error::Error;
};

// Whether `e` is an allocation failure: std::bad_alloc, or LibTorch's allocator failing (it
// throws c10::Error, whose message has these words, on CPU and on CUDA).
inline bool is_out_of_memory(const std::exception& e) {
  if (dynamic_cast<const std::bad_alloc*>(&e)) return true;
  const std::string m = e.what();
  return m.find("can't allocate memory") != std::string::npos || m.find("out of memory") != std::string::npos;
}

// The user cancelled (Cancel button, Ctrl-C). Not a failure: callers stop quietly.
class Cancelled : public Error {
 public:
  Cancelled() : Error("Cancelled by the user.") {}
};

}  // namespace cyclegan
