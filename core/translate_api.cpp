// The translation API of core/cyclegan.h: a Model handle that keeps its generators loaded, and
// translate() that runs one of them over an image in tiles.
#include <memory>
#include <string>
#include <utility>

#include "base/errors.h"
#include "core/compute_setup.h"
#include "core/cyclegan.h"
#include "core/generator_loading.h"
#include "core/tiled_translate.h"

namespace cyclegan {

struct Model::Loaded {
  LoadedGenerators generators;
  ModelInfo info;
};

namespace {

constexpr const char* kNoModel = "No model given: choose a model file to translate with.";

// Checked before a model is loaded, so a wrong argument costs no load.
void check_tile_size(int tile_size) {
  if (tile_size < 0)
    throw InputError("The tile size must be positive (or 0 for automatic), not " + std::to_string(tile_size) + ".");
}

}  // namespace

Model Model::open(const std::string& path) {
  if (path.empty()) throw InputError(kNoModel);
  Model model;
  LoadedGenerators generators = open_generators(path);
  model.loaded_ = std::make_shared<const Loaded>(Loaded{std::move(generators), read_model_info(path)});
  return model;
}

const std::string& Model::path() const {
  static const std::string none;
  return loaded_ ? loaded_->generators.path : none;
}

const ModelInfo& Model::info() const {
  static const ModelInfo none;
  return loaded_ ? loaded_->info : none;
}

std::string Model::describe(const TranslateParams& params) const {
  if (!loaded_) throw InputError(kNoModel);
  return choose_generator(loaded_->generators, params.direction, params.to_domain).description;
}

void translate(const Model& model, PixelBuffer& image, const TranslateParams& params, const Callbacks& callbacks) {
  if (!model.loaded_) throw InputError(kNoModel);
  check_tile_size(params.tile_size);
  configure_threads(params.threads);
  const torch::Device device = choose_device(params.device);
  const ChosenGenerator chosen = choose_generator(model.loaded_->generators, params.direction, params.to_domain);
  // Networks stay where the last call put them, so a run of calls on one device moves them once.
  chosen.net->to(device);
  TileOptions tiles;
  tiles.tile_size = params.tile_size;
  translate_tiled(*chosen.net, image, tiles, callbacks);
}

void translate(PixelBuffer& image, const TranslateOptions& options, const Callbacks& callbacks) {
  check_tile_size(options.tile_size);
  translate(Model::open(options.model), image, options, callbacks);
}

}  // namespace cyclegan
