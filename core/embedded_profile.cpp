#include "core/embedded_profile.h"

#include <zlib.h>

#include <cstdint>

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
  if (file.size() < 8) return "";
  const bool little = file[0] == 'I';
  auto u16 = [&](size_t i) -> uint32_t {
    return little ? uint8_t(file[i]) | (uint32_t(uint8_t(file[i + 1])) << 8)
                  : (uint32_t(uint8_t(file[i])) << 8) | uint8_t(file[i + 1]);
  };
  auto u32 = [&](size_t i) -> uint64_t {
    return little ? u16(i) | (uint64_t(u16(i + 2)) << 16) : (uint64_t(u16(i)) << 16) | u16(i + 2);
  };
  const uint64_t ifd = u32(4);
  if (ifd + 2 > file.size()) return "";
  const uint32_t entries = u16(size_t(ifd));
  for (uint32_t e = 0; e < entries; ++e) {
    const uint64_t entry = ifd + 2 + 12 * uint64_t(e);
    if (entry + 12 > file.size()) break;
    if (u16(size_t(entry)) != 34675) continue;
    std::string copy = file;
    copy[size_t(entry)] = char(little ? kHiddenProfileTag & 0xFF : kHiddenProfileTag >> 8);
    copy[size_t(entry) + 1] = char(little ? kHiddenProfileTag >> 8 : kHiddenProfileTag & 0xFF);
    return copy;
  }
  return "";
}

}  // namespace cyclegan
