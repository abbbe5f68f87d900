// The exceptions that core/ and models/ throw. Each message is one sentence a user can act on,
// naming the file or object concerned; front ends (CLI, GIMP plug-in) catch `Error` at exactly
// one place and show `what()`. No LibTorch types here: plugin/ includes this header.
#pragma once

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

// The user cancelled (Cancel button, Ctrl-C). Not a failure: callers stop quietly.
class Cancelled : public Error {
 public:
  Cancelled() : Error("Cancelled by the user.") {}
};

}  // namespace cyclegan
