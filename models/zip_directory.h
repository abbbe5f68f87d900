// The central directory of a zip file, read by us before LibTorch's PyTorchStreamReader reads a
// record: getRecord() allocates the size the directory states, so a crafted entry (a few KB that
// inflate to a GiB, or a stated size far past the end of the file) would make it allocate and
// inflate without limit. The sizes here are the ones miniz uses (it reads the central directory).
//
//   ZipDirectory dir = read_zip_directory(path);        // throws ZipDirectoryError
//   const ZipEntry* e = dir.find("data.pkl");          // the name as getRecord() takes it
//   if (!e || e->size > limit) ... refuse before getRecord("data.pkl")
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>

namespace cyclegan {

struct ZipEntry {
  uint64_t size = 0;             // uncompressed: what getRecord() allocates
  uint64_t compressed_size = 0;  // as stored in the file
  bool stored = true;            // method 0 (no compression), the only one torch.save writes
};

struct ZipDirectory {
  uint64_t file_size = 0;
  // Keyed by the record name without the archive folder ("archive/data.pkl" -> "data.pkl"),
  // the name PyTorchStreamReader::getRecord() takes.
  std::map<std::string, ZipEntry> entries;

  const ZipEntry* find(const std::string& record) const {
    auto it = entries.find(record);
    return it == entries.end() ? nullptr : &it->second;
  }
};

// Malformed directory, entries that reach past the end of the file, duplicate names, or a
// record that would inflate to more than the whole file (torch.save stores records uncompressed,
// so none of its records can be larger than the file).
struct ZipDirectoryError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

ZipDirectory read_zip_directory(const std::string& path);

}  // namespace cyclegan
