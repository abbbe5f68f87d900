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
  const CheckpointError cannot_open(
      Message{CYCLEGAN_MESSAGE("Cannot open the model %s: check the path and permissions."), {path}});
  if (!std::filesystem::exists(path)) throw cannot_open;
  require_regular_file(path, "model");  // opening a FIFO would wait for a writer forever
  if (!std::ifstream(path, std::ios::binary).good()) throw cannot_open;
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
        throw CheckpointError(
            Message{CYCLEGAN_MESSAGE("The model %s stores a %s where its %s -> %s generator should be."),
                    {path, net->spec().describe(), from, to}});
    return loaded;
  }
  try {
    loaded.g = load_official_network(path);
  } catch (const CheckpointError& e) {
    throw CheckpointError(Message{CYCLEGAN_MESSAGE("%s is neither a cyclegan model file (%s) nor an official "
                                                   "CycleGAN generator .pth (%s)"),
                                  {path, kModelFileExtension, e.what()}});
  }
  if (!loaded.g->spec().is_generator()) {
    throw CheckpointError(Message{CYCLEGAN_MESSAGE("%s holds an official %s, not a generator: give the G_A or G_B "
                                                   ".pth file."),
                                  {path, loaded.g->spec().describe()}});
  }
  loaded.official = true;
  return loaded;
}

ChosenGenerator choose_generator(const LoadedGenerators& loaded, Direction direction, const std::string& to_domain) {
  const std::string& path = loaded.path;
  if (loaded.official) {
    if (!to_domain.empty()) {
      throw InputError(Message{CYCLEGAN_MESSAGE("%s is an official generator with a single direction and no domain "
                                                "names: drop --to (or import it into a model file with `cyclegan "
                                                "import`)."),
                               {path}});
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
      throw InputError(Message{CYCLEGAN_MESSAGE("The model %s translates between \"%s\" and \"%s\"; there is no "
                                                "domain \"%s\" to translate to."),
                               {path, loaded.domain_a, loaded.domain_b, to_domain}});
    }
  }
  const bool a2b = direction == Direction::AtoB;
  std::shared_ptr<Network> net = a2b ? loaded.g : loaded.f;
  const std::string from = a2b ? loaded.domain_a : loaded.domain_b;
  const std::string to = a2b ? loaded.domain_b : loaded.domain_a;
  if (!net) {
    throw CheckpointError(Message{CYCLEGAN_MESSAGE("The model %s holds no generator for %s -> %s (%s); use the "
                                                   "other direction."),
                                  {path, from, to, a2b ? "a2b" : "b2a"}});
  }
  return {net, from + " -> " + to + " (" + (a2b ? "G" : "F") + ", " + net->spec().describe() + ")"};
}

ChosenGenerator load_generator(const std::string& path, Direction direction, const std::string& to_domain) {
  return choose_generator(open_generators(path), direction, to_domain);
}

}  // namespace cyclegan
