// What network to build: the architecture options of the official networks.py
// (define_G / define_D), as one value type that our model file stores and that the
// checkpoint importer infers from state_dict keys and shapes.
#pragma once

#include <string>

namespace cyclegan {

enum class NetKind {
  ResnetGenerator,      // netG resnet_6blocks / resnet_9blocks (any n_blocks)
  UnetGenerator,        // netG unet_128 (num_downs 7) / unet_256 (num_downs 8)
  NLayerDiscriminator,  // netD basic (n_layers 3, the 70x70 PatchGAN) / n_layers
  PixelDiscriminator,   // netD pixel (1x1 PatchGAN)
};

enum class NormKind {
  Instance,  // InstanceNorm2d(affine=False, track_running_stats=False): the CycleGAN default
  Batch,     // BatchNorm2d(affine=True, running stats)
  None,
};

struct NetworkSpec {
  NetKind kind = NetKind::ResnetGenerator;
  int in_channels = 3;
  int out_channels = 3;  // generators only
  int width = 64;        // ngf for generators, ndf for discriminators
  // resnet: n_blocks; unet: num_downs; nlayer: n_layers; pixel: unused.
  int depth = 9;
  NormKind norm = NormKind::Instance;
  bool dropout = false;  // generators: nn.Dropout(0.5) inside blocks (changes key layout)
  // Ours, not official (never set by the importer): the generator's output is added to its
  // input before the final clamp, so an untrained generator starts close to the identity.
  // Same parameters and keys as without it; helps short CPU budgets.
  bool input_skip = false;
  // Ours, generators only (models/colour_path.h): out = clamp(x + L(x) + body(x)) with a 5x5
  // linear colour path L; replaces input_skip. Adds "body." to the official keys, plus "colour.".
  bool colour_path = false;

  static NetworkSpec resnet(int ngf = 64, int n_blocks = 9);
  static NetworkSpec unet(int ngf = 64, int num_downs = 8);
  static NetworkSpec nlayer(int ndf = 64, int n_layers = 3);
  static NetworkSpec pixel(int ndf = 64);

  bool is_generator() const {
    return kind == NetKind::ResnetGenerator || kind == NetKind::UnetGenerator;
  }
  // Human-readable, official naming: "resnet_9blocks ngf 64, instance norm".
  std::string describe() const;
  // Compact, stable, round-trippable text used in our model file:
  // "kind=resnet in=3 out=3 width=64 depth=9 norm=instance dropout=0 skip=0".
  std::string serialize() const;
  static NetworkSpec parse(const std::string& text);  // throws CheckpointError

  bool operator==(const NetworkSpec& o) const {
    return kind == o.kind && in_channels == o.in_channels && out_channels == o.out_channels &&
           width == o.width && depth == o.depth && norm == o.norm && dropout == o.dropout &&
           input_skip == o.input_skip && colour_path == o.colour_path;
  }
  bool operator!=(const NetworkSpec& o) const { return !(*this == o); }
};

}  // namespace cyclegan
