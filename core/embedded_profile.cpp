#include "core/embedded_profile.h"

#include <zlib.h>

#include <cstdint>

#include "core/tiff_directory.h"

namespace cyclegan {

namespace {

uint32_t be32(const std::string& b, size_t i) {
  return (uint32_t(uint8_t(b[i])) << 24) | (uint32_t(uint8_t(b[i + 1])) << 16) | (uint32_t(uint8_t(b[i + 2])) << 8) |
         uint8_t(b[i + 3]);
}

void put_be32(std::string& b, size_t i, uint32_t v) {
  for (int k = 0; k < 4; ++k) b[i + k] = char(v >> (24 - 8 * k));
}

// The TIFF tag that stands in for the ICC profile: in the private range (65000-65535), so
// readers skip it, and above every standard tag, so the directory stays sorted when the
// profile was its last entry (as writers put it).
constexpr uint16_t kHiddenProfileTag = 65000;

}  // namespace

std::string without_embedded_profile_png(const std::string& file) {
  size_t at = 8;  // after the signature: chunks of length, type, data, CRC
  while (at + 12 <= file.size()) {
    const uint64_t length = be32(file, at);
    if (at + 12 + length > file.size()) return "";
    if (file.compare(at + 4, 4, "IDAT") == 0) return "";  // iCCP comes before the image data
    if (file.compare(at + 4, 4, "iCCP") == 0) {
      std::string copy = file;
      copy[at + 5] = 'c';  // "icCP": ancillary and private, ignored by every reader
      put_be32(copy, at + 8 + size_t(length),
               uint32_t(crc32(0, reinterpret_cast<const Bytef*>(copy.data() + at + 4), uInt(4 + length))));
      return copy;
    }
    at += 12 + size_t(length);
  }
  return "";
}

std::string without_embedded_profile_tiff(const std::string& file) {
  const size_t entry = tiff_entry(file, 34675);  // ICC profile
  if (entry == 0) return "";
  std::string copy = file;
  const bool little = tiff_is_little_endian(file);
  copy[entry] = char(little ? kHiddenProfileTag & 0xFF : kHiddenProfileTag >> 8);
  copy[entry + 1] = char(little ? kHiddenProfileTag >> 8 : kHiddenProfileTag & 0xFF);
  return copy;
}

}  // namespace cyclegan
