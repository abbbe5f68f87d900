#include "plugin/common/translate_preview.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace cyclegan::plugin {

PreviewImage preview_translation(const Host& host, ItemId drawable, const Model& model, const TranslateParams& params,
                                 const Rect& area) {
  int width = 0, height = 0;
  host.size(drawable, width, height);
  const Rect outer = with_context(area, width, height);
  PixelBuffer pixels = host.read(drawable, outer, false);
  translate(model, pixels, params);
  const PixelBuffer inside = outer == area ? std::move(pixels) : crop(pixels, outer, area);

  PreviewImage image;
  image.width = inside.width;
  image.height = inside.height;
  image.channels = inside.channels;
  image.bytes.resize(inside.data.size());
  std::transform(inside.data.begin(), inside.data.end(), image.bytes.begin(), [](float v) {
    return static_cast<uint8_t>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f));
  });
  return image;
}

}  // namespace cyclegan::plugin
