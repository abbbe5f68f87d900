// cyclegan::translate (core/cyclegan.h): the whole translation a front end asks for.
#include <string>

#include "core/compute_setup.h"
#include "core/cyclegan.h"
#include "core/errors.h"
#include "core/generator_loading.h"
#include "core/tiled_translate.h"

namespace cyclegan {

void translate(PixelBuffer& image, const TranslateOptions& options, const Callbacks& callbacks) {
  if (options.model.empty()) throw InputError("No model given: choose a model file to translate with.");
  if (options.tile_size < 0)
    throw InputError("The tile size must be positive (or 0 for automatic), not " +
                     std::to_string(options.tile_size) + ".");
  configure_threads(options.threads);
  const torch::Device device = choose_device(options.device);
  ChosenGenerator chosen = load_generator(options.model, options.direction, options.to_domain);
  chosen.net->to(device);
  TileOptions tiles;
  tiles.tile_size = options.tile_size;
  translate_tiled(*chosen.net, image, tiles, callbacks);
}

}  // namespace cyclegan
