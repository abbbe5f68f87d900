// cyclegan::import_official (core/cyclegan.h): official checkpoints into one model file.
#include <memory>
#include <string>

#include "base/errors.h"
#include "core/cyclegan.h"
#include "core/model_file.h"
#include "models/official_checkpoint.h"

namespace cyclegan {

namespace {

// Loads one official file and checks that it is the kind of network its role promises.
std::shared_ptr<Network> load_role(const std::string& path, const char* role, bool generator) {
  std::shared_ptr<Network> net = load_official_network(path);
  if (net->spec().is_generator() != generator)
    throw InputError(path + " holds a " + (generator ? "discriminator" : "generator") + " (" +
                     net->spec().describe() + "), but " + role + " needs a " +
                     (generator ? "generator" : "discriminator") + ".");
  return net;
}

}  // namespace

void import_official(const ImportOptions& o) {
  if (o.g_a.empty() && o.g_b.empty())
    throw InputError("Give at least one generator to import (G_A and/or G_B).");
  if (o.domain_a.empty() || o.domain_b.empty()) throw InputError("The domain names cannot be empty.");
  if (o.domain_a == o.domain_b) throw InputError("The two domains need different names.");
  if (o.output.empty()) throw InputError("No output model file was given; name one (e.g. -o style.cgan).");

  ModelFile model;
  model.domain_a = o.domain_a;
  model.domain_b = o.domain_b;
  model.train_size = o.train_size;
  std::string sources;
  auto take = [&](const std::string& path, const char* role, bool generator, std::shared_ptr<Network> ModelFile::*slot) {
    if (path.empty()) return;
    model.*slot = load_role(path, role, generator);
    sources += std::string(sources.empty() ? "" : " ") + role + "=" + path;
  };
  take(o.g_a, "G_A", true, &ModelFile::g);
  take(o.g_b, "G_B", true, &ModelFile::f);
  take(o.d_a, "D_A", false, &ModelFile::d_a);
  take(o.d_b, "D_B", false, &ModelFile::d_b);
  if (model.g && model.f && model.g->spec() != model.f->spec())
    throw InputError("G_A (" + model.g->spec().describe() + ") and G_B (" + model.f->spec().describe() +
                     ") have different architectures; they do not come from one training run.");
  model.training_config = "imported from official checkpoints: " + sources;
  save_model_file(model, o.output);
}

}  // namespace cyclegan
