// Reading files that may be hostile: only regular files (a FIFO given as an image would block
// forever, a device would never end) and only up to a size fixed before anything is allocated.
//
//   std::string bytes = read_regular_file(path, "image", 64 << 20);   // throws InputError
#pragma once

#include <cstdint>
#include <string>

namespace cyclegan {

// Throws InputError ("Cannot read <what> "<path>": it is a named pipe (FIFO), not a file.") when
// `path` is missing, a folder, a FIFO, a device or a socket. Does not open it.
void require_regular_file(const std::string& path, const std::string& what);

// The whole file, refused with InputError when it is not a regular file or holds more than
// `max_bytes` (the message names both sizes). Never blocks on special files: it opens with
// O_NONBLOCK and checks the type of what it opened.
std::string read_regular_file(const std::string& path, const std::string& what, uint64_t max_bytes);

// The largest image, in pixels, that readers decode: CYCLEGAN_MAX_MEGAPIXELS from the
// environment (a positive number), else 100 megapixels (a 100 MP camera; 1.6 GB as float RGBA).
// Faked headers claiming 60000 x 60000 pixels are refused before any pixel is allocated.
uint64_t max_image_pixels();

// `pixels` in megapixels as messages show it: whole above 10 ("3600"), else four characters
// ("1.50", "0.25").
std::string megapixels_text(double pixels);

}  // namespace cyclegan
