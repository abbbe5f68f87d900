#include "core/tiff_directory.h"

namespace cyclegan {

namespace {

constexpr unsigned kLong = 4;  // TIFF field type of 32-bit values (3 is SHORT)

// Numbers of the file's byte order; 0 past the end.
struct Reader {
  const std::string& b;
  bool little;
  uint32_t u16(uint64_t i) const {
    if (i + 2 > b.size()) return 0;
    const uint32_t x = uint8_t(b[size_t(i)]), y = uint8_t(b[size_t(i) + 1]);
    return little ? x | (y << 8) : (x << 8) | y;
  }
  uint64_t u32(uint64_t i) const {
    if (i + 4 > b.size()) return 0;
    return little ? u16(i) | (uint64_t(u16(i + 2)) << 16) : (uint64_t(u16(i)) << 16) | u16(i + 2);
  }
};

}  // namespace

size_t tiff_entry(const std::string& tiff, unsigned tag) {
  if (tiff.size() < 8) return 0;
  const Reader r{tiff, tiff_is_little_endian(tiff)};
  const uint64_t ifd = r.u32(4);
  if (ifd + 2 > tiff.size()) return 0;
  const uint32_t entries = r.u16(ifd);
  for (uint32_t e = 0; e < entries; ++e) {
    const uint64_t entry = ifd + 2 + 12 * uint64_t(e);
    if (entry + 12 > tiff.size()) break;
    if (r.u16(entry) == tag) return size_t(entry);
  }
  return 0;
}

uint64_t tiff_value(const std::string& tiff, unsigned tag, uint64_t absent) {
  const size_t entry = tiff_entry(tiff, tag);
  if (entry == 0) return absent;
  const Reader r{tiff, tiff_is_little_endian(tiff)};
  const bool is_long = r.u16(entry + 2) == kLong;
  const uint64_t count = r.u32(entry + 4);
  // Values that fit in the entry's last 4 bytes sit there, others (one per sample) at an offset.
  const bool inline_value = count * (is_long ? 4 : 2) <= 4;
  const uint64_t at = inline_value ? entry + 8 : r.u32(entry + 8);
  if (at + (is_long ? 4 : 2) > tiff.size()) return absent;
  return is_long ? r.u32(at) : r.u16(at);
}

}  // namespace cyclegan
