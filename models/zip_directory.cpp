// Zip central directory reader: APPNOTE.TXT (PKWARE), sections 4.3.12 (central directory
// header), 4.3.14-16 (zip64 end records) and 4.5.3 (zip64 extra field).
#include "models/zip_directory.h"

#include <fstream>
#include <vector>

namespace cyclegan {

namespace {

constexpr uint32_t kEndSignature = 0x06054b50;         // end of central directory record
constexpr uint32_t kZip64LocatorSignature = 0x07064b50;
constexpr uint32_t kZip64EndSignature = 0x06064b50;
constexpr uint32_t kEntrySignature = 0x02014b50;       // central directory file header
constexpr size_t kEndSize = 22;                        // end record without its comment
constexpr size_t kMaxComment = 0xffff;                 // the comment length is 16 bit
constexpr size_t kEntrySize = 46;                      // central header without name/extra/comment
constexpr size_t kLocalHeaderSize = 30;                // local header without name/extra
// PyTorchStreamReader's constructor reads the version records (a number as text) before any
// caller could look at their size.
constexpr uint64_t kMaxVersionSize = 64;

uint64_t le(const char* p, int n) {
  uint64_t v = 0;
  for (int k = n - 1; k >= 0; --k) v = (v << 8) | static_cast<uint8_t>(p[k]);
  return v;
}

[[noreturn]] void bad(const std::string& why) { throw ZipDirectoryError(why); }

std::string read_at(std::ifstream& in, uint64_t offset, uint64_t size) {
  std::string out(size, '\0');
  in.seekg(static_cast<std::streamoff>(offset));
  if (!in.read(out.data(), static_cast<std::streamsize>(size))) bad("cut short");
  return out;
}

// Values of 0xffffffff in the central header are in the zip64 extra field, in this order.
void apply_zip64(const std::string& extra, uint64_t& size, uint64_t& compressed, uint64_t& offset) {
  for (size_t at = 0; at + 4 <= extra.size();) {
    const uint64_t id = le(&extra[at], 2), length = le(&extra[at + 2], 2);
    if (at + 4 + length > extra.size()) bad("bad extra field");
    if (id == 1) {
      size_t field = at + 4;
      for (uint64_t* value : {&size, &compressed, &offset}) {
        if (*value != 0xffffffffu) continue;
        if (field + 8 > at + 4 + length) bad("bad zip64 field");
        *value = le(&extra[field], 8);
        field += 8;
      }
    }
    at += 4 + length;
  }
}

}  // namespace

ZipDirectory read_zip_directory(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) bad("cannot open");
  ZipDirectory dir;
  dir.file_size = static_cast<uint64_t>(in.tellg());
  if (dir.file_size < kEndSize) bad("too small");

  // The end record is the last signature in the tail (as miniz searches it, backwards).
  const uint64_t tail_size = std::min<uint64_t>(dir.file_size, kEndSize + kMaxComment);
  const uint64_t tail_start = dir.file_size - tail_size;
  const std::string tail = read_at(in, tail_start, tail_size);
  size_t end = std::string::npos;
  for (size_t at = tail.size() - kEndSize + 1; at-- > 0;) {
    if (le(&tail[at], 4) == kEndSignature) {
      end = at;
      break;
    }
  }
  if (end == std::string::npos) bad("no end of central directory");
  uint64_t count = le(&tail[end + 10], 2);
  uint64_t cd_size = le(&tail[end + 12], 4);
  uint64_t cd_offset = le(&tail[end + 16], 4);
  const uint64_t end_offset = tail_start + end;
  if (count == 0xffff || cd_size == 0xffffffffu || cd_offset == 0xffffffffu) {
    if (end_offset < 20) bad("no zip64 locator");
    const std::string locator = read_at(in, end_offset - 20, 20);
    if (le(&locator[0], 4) != kZip64LocatorSignature) bad("no zip64 locator");
    const uint64_t z64 = le(&locator[8], 8);
    if (z64 > dir.file_size || dir.file_size - z64 < 56) bad("bad zip64 end record");
    const std::string record = read_at(in, z64, 56);
    if (le(&record[0], 4) != kZip64EndSignature) bad("bad zip64 end record");
    count = le(&record[32], 8);
    cd_size = le(&record[40], 8);
    cd_offset = le(&record[48], 8);
  }
  if (cd_offset > end_offset || cd_size > end_offset - cd_offset) bad("central directory out of the file");
  if (count > cd_size / kEntrySize) bad("impossible entry count");

  const std::string cd = read_at(in, cd_offset, cd_size);
  size_t at = 0;
  for (uint64_t i = 0; i < count; ++i) {
    if (cd.size() - at < kEntrySize || le(&cd[at], 4) != kEntrySignature) bad("bad central directory entry");
    const uint64_t method = le(&cd[at + 10], 2);
    uint64_t compressed = le(&cd[at + 20], 4), size = le(&cd[at + 24], 4);
    const size_t name_len = le(&cd[at + 28], 2), extra_len = le(&cd[at + 30], 2),
                 comment_len = le(&cd[at + 32], 2);
    uint64_t offset = le(&cd[at + 42], 4);
    if (cd.size() - at - kEntrySize < name_len + extra_len + comment_len) bad("bad central directory entry");
    const std::string name = cd.substr(at + kEntrySize, name_len);
    apply_zip64(cd.substr(at + kEntrySize + name_len, extra_len), size, compressed, offset);
    at += kEntrySize + name_len + extra_len + comment_len;

    if (offset > dir.file_size || compressed > dir.file_size - offset ||
        dir.file_size - offset - compressed < kLocalHeaderSize)
      bad("entry " + name + " reaches past the end of the file");
    ZipEntry e;
    e.size = size;
    e.compressed_size = compressed;
    e.stored = method == 0;
    if (e.stored ? size != compressed : size > dir.file_size)
      bad("entry " + name + " states an impossible size");
    const size_t slash = name.find('/');
    if (slash == std::string::npos) continue;  // not a record of a PyTorch archive
    const std::string record = name.substr(slash + 1);
    if ((record == "version" || record == ".data/version") && size > kMaxVersionSize)
      bad("entry " + name + " states an impossible size");
    if (!dir.entries.emplace(record, e).second) bad("entry " + name + " appears twice");
  }
  return dir;
}

}  // namespace cyclegan
