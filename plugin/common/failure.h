// What the one guard at each GIMP entry point turns an exception into: the user cancelled, or
// the call failed with one translated sentence. Shared so both GIMP APIs say the same thing.
#pragma once

#include <exception>
#include <string>

namespace cyclegan::plugin {

struct Failure {
  bool cancelled = false;  // the user stopped it: not an error, no message
  std::string message;     // one sentence for the user (empty when cancelled)
};

// Classifies `error` (usually std::current_exception() inside a catch (...)): cyclegan::Cancelled,
// cyclegan::Error (its own message), std::bad_alloc (out of memory advice), any other exception.
Failure describe_failure(std::exception_ptr error);

}  // namespace cyclegan::plugin
