// The first image directory (IFD) of a TIFF file, read straight from its bytes: the few tags
// our readers need before any decoder runs (size, orientation, sample format, ICC profile).
#pragma once

#include <cstdint>
#include <string>

namespace cyclegan {

// Where the entry for `tag` of the first IFD starts in `tiff` (12 bytes: tag, type, count,
// value or offset); 0 when the tag is absent or the directory unreadable.
size_t tiff_entry(const std::string& tiff, unsigned tag);

// The first value of `tag` (SHORT or LONG, held in the entry or at its offset); `absent` when
// the tag is missing or its value lies outside the file.
uint64_t tiff_value(const std::string& tiff, unsigned tag, uint64_t absent);

// Whether the file's numbers are little-endian ("II") rather than big-endian ("MM").
inline bool tiff_is_little_endian(const std::string& tiff) { return !tiff.empty() && tiff[0] == 'I'; }

}  // namespace cyclegan
