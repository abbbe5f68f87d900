// A folder of images as a training domain: the image files under it (recursive, sorted, so
// every run sees them in the same order) and the decoding rules for training, where every
// image becomes RGB.
#pragma once

#include <string>
#include <vector>

#include "core/cyclegan.h"

namespace cyclegan {

// The image files (by extension, case-insensitive: see has_image_extension) under `folder`,
// recursively, sorted by path. Throws InputError when the folder is missing, is a file, or
// holds no image file.
std::vector<std::string> find_image_files(const std::string& folder);

// The folder's own name ("…/trainA/" -> "trainA"): the default domain name.
std::string folder_display_name(const std::string& folder);

// What decoding an image for training changed.
enum class RgbConversion {
  None,       // it was RGB already
  Gray,       // gray replicated to RGB
  Alpha,      // alpha composited over white
  GrayAlpha,  // both
};

// Decodes `path` as an RGB training image (gray replicated, alpha composited over white).
// Throws InputError naming the file when it cannot be read; reports the conversion in `done`.
PixelBuffer load_training_rgb(const std::string& path, RgbConversion* done = nullptr);

// The same conversion for an image already in memory (a GIMP layer).
PixelBuffer training_rgb(const PixelBuffer& image, RgbConversion* done = nullptr);

// Collects what happened while decoding a folder and reports it through Callbacks::warning as
// a few sentences (one per skipped file, one summary per kind of conversion), not one per image.
class DecodeReport {
 public:
  void skipped(const std::string& path, const std::vector<Message>& reason);  // the reason names the file
  void converted(const std::string& path, RgbConversion conversion);
  // Sends the warnings; skipped files first, in path order.
  void flush(const std::string& source_name, const Callbacks& callbacks);
  size_t skipped_count() const { return skipped_.size(); }

 private:
  std::vector<std::pair<std::string, std::vector<Message>>> skipped_;
  std::vector<std::string> gray_, alpha_;
};

}  // namespace cyclegan
