// Writing a file so that readers see either the old content or the complete new one, never a
// half-written file: a crash, a full disk or Ctrl-C in the middle of saving a model must not
// destroy the model saved before.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/errors.h"

namespace cyclegan {

// Writes `bytes` to a temporary file next to `path` (same folder, so rename() stays on one file
// system), flushes and fsyncs it, then renames it over `path` and fsyncs the folder. On any
// failure the temporary file is removed, `path` keeps its previous content (or stays absent),
// and OutputError says why in one sentence (folder missing or unwritable, disk full, ...).
void write_file_atomically(const std::string& path, const std::string& bytes);

// The last step of write_file_atomically, for writers that fill the temporary file themselves
// (GEGL's image savers): fsyncs the complete temporary file `temp_path` (in the folder of `path`),
// renames it over `path` and fsyncs the folder. Throws OutputError like write_file_atomically;
// removing the temporary on failure is the caller's (a PendingTemporary does it).
void replace_with_temporary(const std::string& temp_path, const std::string& path);

// A save's OutputError told as the end of a training run: its sentences, then "Training stopped
// at iteration N." (each translated on its own by the plug-in).
std::vector<Message> training_stopped_by(const Error& failure, int64_t iteration);

}  // namespace cyclegan
