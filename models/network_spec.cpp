#include "models/network_spec.h"

#include <map>
#include <sstream>

#include "base/errors.h"

namespace cyclegan {

namespace {

const char* kind_name(NetKind kind) {
  switch (kind) {
    case NetKind::ResnetGenerator: return "resnet";
    case NetKind::UnetGenerator: return "unet";
    case NetKind::NLayerDiscriminator: return "nlayer";
    case NetKind::PixelDiscriminator: return "pixel";
  }
  return "?";
}

const char* norm_name(NormKind norm) {
  switch (norm) {
    case NormKind::Instance: return "instance";
    case NormKind::Batch: return "batch";
    case NormKind::None: return "none";
  }
  return "?";
}

}  // namespace

NetworkSpec NetworkSpec::resnet(int ngf, int n_blocks) {
  NetworkSpec s;
  s.kind = NetKind::ResnetGenerator;
  s.width = ngf;
  s.depth = n_blocks;
  return s;
}

NetworkSpec NetworkSpec::unet(int ngf, int num_downs) {
  NetworkSpec s;
  s.kind = NetKind::UnetGenerator;
  s.width = ngf;
  s.depth = num_downs;
  return s;
}

NetworkSpec NetworkSpec::nlayer(int ndf, int n_layers) {
  NetworkSpec s;
  s.kind = NetKind::NLayerDiscriminator;
  s.width = ndf;
  s.depth = n_layers;
  s.out_channels = 1;
  return s;
}

NetworkSpec NetworkSpec::pixel(int ndf) {
  NetworkSpec s;
  s.kind = NetKind::PixelDiscriminator;
  s.width = ndf;
  s.depth = 1;
  s.out_channels = 1;
  return s;
}

std::string NetworkSpec::describe() const {
  std::ostringstream out;
  switch (kind) {
    case NetKind::ResnetGenerator: out << "resnet_" << depth << "blocks ngf " << width; break;
    case NetKind::UnetGenerator: out << "unet (" << depth << " downsamplings) ngf " << width; break;
    case NetKind::NLayerDiscriminator: out << "PatchGAN n_layers " << depth << " ndf " << width; break;
    case NetKind::PixelDiscriminator: out << "PixelGAN ndf " << width; break;
  }
  out << ", " << norm_name(norm) << " norm";
  if (dropout) out << ", dropout";
  if (input_skip) out << ", input skip";
  if (colour_path) out << ", colour path";
  return out.str();
}

std::string NetworkSpec::serialize() const {
  std::ostringstream out;
  out << "kind=" << kind_name(kind) << " in=" << in_channels << " out=" << out_channels
      << " width=" << width << " depth=" << depth << " norm=" << norm_name(norm)
      << " dropout=" << (dropout ? 1 : 0) << " skip=" << (input_skip ? 1 : 0);
  if (colour_path) out << " colour=1";  // absent = 0, so older files read the same
  return out.str();
}

NetworkSpec NetworkSpec::parse(const std::string& text) {
  auto fail = [&]() -> CheckpointError {
    return CheckpointError("The network description \"" + text +
                           "\" in the model file is not understood; the file may come from a "
                           "newer version of cyclegan-gimp.");
  };
  std::map<std::string, std::string> fields;
  std::istringstream in(text);
  std::string item;
  while (in >> item) {
    auto eq = item.find('=');
    if (eq == std::string::npos) throw fail();
    fields[item.substr(0, eq)] = item.substr(eq + 1);
  }
  auto integer = [&](const char* key, int fallback) {
    auto it = fields.find(key);
    if (it == fields.end()) return fallback;
    try {
      size_t used = 0;
      int value = std::stoi(it->second, &used);
      if (used != it->second.size() || value < 0 || value > 4096) throw fail();
      return value;
    } catch (const std::logic_error&) {
      throw fail();
    }
  };
  NetworkSpec s;
  const std::string kind = fields.count("kind") ? fields["kind"] : "";
  if (kind == "resnet") s.kind = NetKind::ResnetGenerator;
  else if (kind == "unet") s.kind = NetKind::UnetGenerator;
  else if (kind == "nlayer") s.kind = NetKind::NLayerDiscriminator;
  else if (kind == "pixel") s.kind = NetKind::PixelDiscriminator;
  else throw fail();
  const std::string norm = fields.count("norm") ? fields["norm"] : "instance";
  if (norm == "instance") s.norm = NormKind::Instance;
  else if (norm == "batch") s.norm = NormKind::Batch;
  else if (norm == "none") s.norm = NormKind::None;
  else throw fail();
  s.in_channels = integer("in", 3);
  s.out_channels = integer("out", s.is_generator() ? 3 : 1);
  s.width = integer("width", 64);
  s.depth = integer("depth", 9);
  s.dropout = integer("dropout", 0) != 0;
  s.input_skip = integer("skip", 0) != 0;
  s.colour_path = integer("colour", 0) != 0;
  if (s.colour_path && (!s.is_generator() || s.in_channels != s.out_channels)) throw fail();
  if (s.width < 1 || s.in_channels < 1 || s.out_channels < 1) throw fail();
  return s;
}

}  // namespace cyclegan
