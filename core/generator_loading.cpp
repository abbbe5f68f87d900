#include "core/generator_loading.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <tuple>

#include "core/bounded_read.h"
#include "base/errors.h"
#include "core/model_file.h"
#include "models/official_checkpoint.h"

namespace cyclegan {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// As read_model_info decides (model_info.cpp), so that both give the same errors.
bool has_model_file_extension(const std::string& path) {
  const std::string ext = kModelFileExtension;
  return path.size() >= ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0;
}

}  // namespace

LoadedGenerators open_generators(const std::string& path) {
  const std::string cannot_open = "Cannot open the model " + path + ": check the path and permissions.";
  if (!std::filesystem::exists(path)) throw CheckpointError(cannot_open);
  require_regular_file(path, "model");  // opening a FIFO would wait for a writer forever
  if (!std::ifstream(path, std::ios::binary).good()) throw CheckpointError(cannot_open);
  LoadedGenerators loaded;
  loaded.path = path;
  // Anything that claims to be ours gets the model file's own error (newer format, damage), the
  // same sentence `cyclegan info` prints, rather than the generic one below.
  if (has_model_file_extension(path) || starts_like_model_file(path)) {
    ModelFile model = load_model_file(path, /*with_training_state=*/false);
    loaded.domain_a = model.domain_a;
    loaded.domain_b = model.domain_b;
    loaded.g = model.g;
    loaded.f = model.f;
    for (const auto& [net, from, to] : {std::tuple{loaded.g, model.domain_a, model.domain_b},
                                        std::tuple{loaded.f, model.domain_b, model.domain_a}})
      if (net && !net->spec().is_generator())
        throw CheckpointError("The model " + path + " stores a " + net->spec().describe() + " where its " + from +
                              " -> " + to + " generator should be.");
    return loaded;
  }
  try {
    loaded.g = load_official_network(path);
  } catch (const CheckpointError& e) {
    throw CheckpointError(path + " is neither a cyclegan model file (" + std::string(kModelFileExtension) +
                          ") nor an official CycleGAN generator .pth (" + e.what() + ")");
  }
  if (!loaded.g->spec().is_generator()) {
    throw CheckpointError(path + " holds an official " + loaded.g->spec().describe() +
                          ", not a generator: give the G_A or G_B .pth file.");
  }
  loaded.official = true;
  return loaded;
}

ChosenGenerator choose_generator(const LoadedGenerators& loaded, Direction direction, const std::string& to_domain) {
  const std::string& path = loaded.path;
  if (loaded.official) {
    if (!to_domain.empty()) {
      throw InputError(path + " is an official generator with a single direction and no domain "
                       "names: drop --to (or import it into a model file with `cyclegan import`).");
    }
    return {loaded.g, "official generator (" + loaded.g->spec().describe() + ")"};
  }
  if (!to_domain.empty()) {
    const std::string want = lower(to_domain);
    if (want == lower(loaded.domain_b)) {
      direction = Direction::AtoB;
    } else if (want == lower(loaded.domain_a)) {
      direction = Direction::BtoA;
    } else {
      throw InputError("The model " + path + " translates between \"" + loaded.domain_a + "\" and \"" +
                       loaded.domain_b + "\"; there is no domain \"" + to_domain + "\" to translate to.");
    }
  }
  const bool a2b = direction == Direction::AtoB;
  std::shared_ptr<Network> net = a2b ? loaded.g : loaded.f;
  const std::string from = a2b ? loaded.domain_a : loaded.domain_b;
  const std::string to = a2b ? loaded.domain_b : loaded.domain_a;
  if (!net) {
    throw CheckpointError("The model " + path + " holds no generator for " + from + " -> " + to + " (" +
                          (a2b ? "a2b" : "b2a") + "); use the other direction.");
  }
  return {net, from + " -> " + to + " (" + (a2b ? "G" : "F") + ", " + net->spec().describe() + ")"};
}

ChosenGenerator load_generator(const std::string& path, Direction direction, const std::string& to_domain) {
  return choose_generator(open_generators(path), direction, to_domain);
}

}  // namespace cyclegan
