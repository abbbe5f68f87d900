// GEGL hands a PNG's or TIFF's embedded colour profile (ICC) to babl, which trusts it and keeps
// every distinct tone curve in a table of fixed size: a damaged profile, or the hundred-and-
// first distinct one in a process, crashes it (a NULL curve; seen with a few changed bytes of a
// 16-bit TIFF). Our readers keep pixels in the file's own values and never convert colour
// spaces, so GEGL is given a copy of the file whose profile is renamed out of its sight.
#pragma once

#include <string>

namespace cyclegan {

// `file` (the bytes of a PNG or a TIFF) with its embedded profile hidden: PNG's iCCP chunk
// renamed to a private ancillary chunk (CRC recomputed), TIFF's ICC tag (34675) of the first
// image renamed to a private tag. Empty when there is no profile to hide.
std::string without_embedded_profile_png(const std::string& file);
std::string without_embedded_profile_tiff(const std::string& file);

}  // namespace cyclegan
