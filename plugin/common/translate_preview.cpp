#include "plugin/common/translate_preview.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "plugin/common/translate_run.h"

namespace cyclegan::plugin {

PreviewImage preview_translation(const Host& host, ItemId drawable, const Model& model, const TranslateParams& params,
                                 const Rect& area) {
  const PixelBuffer inside = translate_region(host, drawable, model, params, area);

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
