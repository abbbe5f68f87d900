#include "plugin/common/translate_preview.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace cyclegan::plugin {
namespace {

PreviewImage to_bytes(const PixelBuffer& pixels) {
  PreviewImage image;
  image.width = pixels.width;
  image.height = pixels.height;
  image.channels = pixels.channels;
  image.bytes.resize(pixels.data.size());
  std::transform(pixels.data.begin(), pixels.data.end(), image.bytes.begin(), [](float v) {
    return static_cast<uint8_t>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f));
  });
  return image;
}

}  // namespace

PreviewImage preview_original(const RegionPixels& region) {
  return to_bytes(region.outer == region.area ? region.pixels : crop(region.pixels, region.outer, region.area));
}

PreviewImage preview_translated(const RegionPixels& region, const Model& model, const TranslateParams& params,
                                bool split, const Callbacks& callbacks) {
  PreviewImage image = to_bytes(translate_read_region(region, model, params, callbacks));
  if (!split || image.width < 2) return image;
  const PreviewImage before = preview_original(region);
  const int border = image.width / 2, c = image.channels;
  for (int y = 0; y < image.height; ++y) {
    const size_t row = static_cast<size_t>(y) * image.width * c;
    std::copy_n(before.bytes.begin() + row, static_cast<size_t>(border) * c, image.bytes.begin() + row);
    // The border: mid-gray, opaque where there is alpha.
    for (int k = 0; k < c; ++k) image.bytes[row + static_cast<size_t>(border) * c + k] = (c == 2 || c == 4) && k == c - 1 ? 255 : 128;
  }
  return image;
}

PreviewImage preview_translation(const Host& host, ItemId drawable, const Model& model, const TranslateParams& params,
                                 const Rect& area, bool split) {
  return preview_translated(read_region(host, drawable, area), model, params, split);
}

}  // namespace cyclegan::plugin
