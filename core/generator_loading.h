// Picks the generator a translation asks for: G or F of our model file (by direction or by the
// name of the output domain), or the one network of an official generator .pth.
#pragma once

#include <memory>
#include <string>

#include "core/cyclegan.h"
#include "models/networks.h"

namespace cyclegan {

struct ChosenGenerator {
  std::shared_ptr<Network> net;
  std::string description;  // "horse -> zebra (G, resnet_9blocks ngf 64, instance norm)"
};

// The generators of one file, read once: G and F of our model file (either may be missing in an
// imported one), or the single network of an official .pth (in `g`, `official` set).
struct LoadedGenerators {
  std::string path;
  bool official = false;
  std::string domain_a, domain_b;
  std::shared_ptr<Network> g, f;
};

// Reads the generators of `path`. Throws CheckpointError for a file that is neither kind or
// holds a discriminator where a generator should be.
LoadedGenerators open_generators(const std::string& path);

// The generator a translation asks for, as load_generator below picks it.
ChosenGenerator choose_generator(const LoadedGenerators& loaded, Direction direction, const std::string& to_domain);

// `to_domain`, when not empty, wins over `direction`: "zebra" picks the generator whose output
// domain is zebra (case-insensitive). An official .pth holds a single generator with no domain
// names: `direction` is ignored for it (as TranslateOptions says) and `to_domain` is an error.
// Throws CheckpointError for a file that is neither kind or lacks the asked-for direction,
// InputError for an unknown domain name (the message lists the file's domains).
ChosenGenerator load_generator(const std::string& path, Direction direction,
                               const std::string& to_domain);  // = choose_generator(open_generators(path), ...)

}  // namespace cyclegan
