// Scanning folders of training images and the RGB conversion every training image goes through.
#include "core/image_folder.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "base/errors.h"
#include "core/image_io.h"

namespace cyclegan {
namespace fs = std::filesystem;

namespace {

// Hidden entries are left out: macOS leaves "._photo.jpg" AppleDouble files (not images) next
// to every photo on shared drives, and viewers keep ".thumbnails" folders of small copies.
bool hidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

}  // namespace

std::vector<std::string> find_image_files(const std::string& folder) {
  std::error_code ec;
  const fs::file_status status = fs::status(folder, ec);
  if (ec || !fs::exists(status))
    throw InputError(Message{CYCLEGAN_MESSAGE("The image folder \"%s\" does not exist."), {folder}});
  if (!fs::is_directory(status))
    throw InputError(
        Message{CYCLEGAN_MESSAGE("\"%s\" is a file, not a folder: give the folder that holds the images."), {folder}});

  std::vector<std::string> files;
  // Directory symlinks are not followed (a link to a parent would loop); file symlinks are.
  fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec), end;
  if (ec) throw InputError(Message{CYCLEGAN_MESSAGE("Cannot read the folder \"%s\": %s."), {folder, ec.message()}});
  for (; it != end; it.increment(ec)) {
    if (ec) throw InputError(Message{CYCLEGAN_MESSAGE("Cannot read the folder \"%s\": %s."), {folder, ec.message()}});
    const fs::path& p = it->path();
    if (hidden(p)) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec) && has_image_extension(p.string())) files.push_back(p.string());
  }
  std::sort(files.begin(), files.end());
  if (files.empty())
    throw InputError(Message{CYCLEGAN_MESSAGE("The folder \"%s\" contains no images (%s)."), {folder, readable_formats()}});
  return files;
}

std::string folder_display_name(const std::string& folder) {
  fs::path p = fs::path(folder).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();  // "trainA/" -> "trainA"
  std::string name = p.filename().string();
  if (name.empty() || name == "." || name == "..") {
    std::error_code ec;
    name = fs::absolute(folder, ec).lexically_normal().filename().string();
    if (name.empty()) name = fs::absolute(folder, ec).lexically_normal().parent_path().filename().string();
  }
  return name;
}

PixelBuffer training_rgb(const PixelBuffer& image, RgbConversion* done) {
  const bool gray = image.color_channels() == 1;
  const bool alpha = image.has_alpha();
  if (done)
    *done = gray ? (alpha ? RgbConversion::GrayAlpha : RgbConversion::Gray)
                 : (alpha ? RgbConversion::Alpha : RgbConversion::None);
  if (image.channels < 1 || image.channels > 4)
    throw InputError("An image with " + std::to_string(image.channels) + " channels cannot be used for training.");
  return to_rgb_over_white(image);
}

PixelBuffer load_training_rgb(const std::string& path, RgbConversion* done) {
  return training_rgb(load_image(path), done);
}

void DecodeReport::skipped(const std::string& path, const std::vector<Message>& reason) {
  skipped_.emplace_back(path, reason);
}

void DecodeReport::converted(const std::string& path, RgbConversion conversion) {
  if (conversion == RgbConversion::Gray || conversion == RgbConversion::GrayAlpha) gray_.push_back(path);
  if (conversion == RgbConversion::Alpha || conversion == RgbConversion::GrayAlpha) alpha_.push_back(path);
}

void DecodeReport::flush(const std::string& source_name, const Callbacks& callbacks) {
  std::sort(skipped_.begin(), skipped_.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  std::sort(gray_.begin(), gray_.end());
  std::sort(alpha_.begin(), alpha_.end());
  if (callbacks.warning) {
    // The reason names the file; the second sentence says what became of it.
    for (const auto& [path, reason] : skipped_) {
      std::vector<Message> sentences = reason;
      sentences.push_back({CYCLEGAN_MESSAGE("It is left out of %s."), {source_name}});
      callbacks.warning(sentences);
    }
    // Counts as numbers after a colon, so one sentence reads right for one image or many.
    if (!gray_.empty())
      callbacks.warning({Message{CYCLEGAN_MESSAGE("Grayscale images converted to RGB in %s: %s (for example \"%s\")."),
                                 {source_name, std::to_string(gray_.size()), gray_.front()}}});
    if (!alpha_.empty())
      callbacks.warning(
          {Message{CYCLEGAN_MESSAGE("Images with transparency composited over white in %s: %s (for example \"%s\")."),
                   {source_name, std::to_string(alpha_.size()), alpha_.front()}}});
  }
  skipped_.clear();
  gray_.clear();
  alpha_.clear();
}

}  // namespace cyclegan
