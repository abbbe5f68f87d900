#include "plugin/common/translate_values.h"

#include <cstring>

#include "plugin/common/i18n.h"

namespace cyclegan::plugin {

void TranslateValues::set_model(const std::string& value) {
  std::memset(model, 0, sizeof model);
  std::strncpy(model, value.c_str(), sizeof model - 1);
}

std::string validate(const TranslateValues& values) {
  if (values.model[0] == '\0') return _("No model was given: choose a model file or an installed model.");
  if (std::strlen(values.model) >= sizeof values.model - 1)
    return _("The model path is too long: move the model to a shorter path.");
  if (values.direction != 0 && values.direction != 1)
    return format(_("The direction must be 0 (A to B) or 1 (B to A), not %d."), values.direction);
  if (values.tile_size != 0 && (values.tile_size < kMinTileSize || values.tile_size > kMaxTileSize))
    return format(_("The tile size must be 0 (automatic) or between %d and %d pixels, not %d."),
                  kMinTileSize, kMaxTileSize, values.tile_size);
  if (values.output != 0 && values.output != 1)
    return format(_("The output must be 0 (replace the layer) or 1 (a new layer), not %d."), values.output);
  if (!(values.opacity >= 0 && values.opacity <= 100))
    return format(_("The opacity must be between 0 and 100 percent, not %g."), values.opacity);
  return "";
}

TranslateOptions to_translate_options(const TranslateValues& values, const std::string& model_path) {
  TranslateOptions options;
  options.model = model_path;
  options.direction = values.direction == 1 ? Direction::BtoA : Direction::AtoB;
  options.tile_size = values.tile_size;
  return options;
}

}  // namespace cyclegan::plugin
