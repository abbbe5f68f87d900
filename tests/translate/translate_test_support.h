// Helpers shared by the translate tests: real photos at several sizes, small generators with
// realistic weights, and per-channel difference statistics.
#pragma once

#include <torch/torch.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/cyclegan.h"
#include "models/networks.h"

namespace cyclegan::test {

// A fixture photo (tests/fixtures/photos/NAME, 256x256 JPEG) resized bilinearly to width x
// height, RGB.
PixelBuffer photo(const std::string& name, int width, int height);

// An official-format fixture generator (tests/fixtures/official/NAME.pth), realistic weights.
std::shared_ptr<Network> fixture_generator(const std::string& name);

// Per colour channel: mean and 99th percentile of |a - b| (same size and channels).
struct ChannelDiff {
  std::vector<double> mean_abs, p99;
  double max_abs = 0.0;
};
ChannelDiff compare(const PixelBuffer& a, const PixelBuffer& b);

// Mean squared difference of neighbouring pixels across the given column boundaries (between
// x-1 and x) and rows, divided by the same measure over every other neighbouring pair, after
// averaging `block` x `block` squares (boundaries must be multiples of `block`): tile seams are
// steps between blocks, while untrained generators add pixel-scale checkerboard texture that
// would drown them. About 1 when no tile grid is visible; well above 1 when tiles show.
double boundary_energy_ratio(const PixelBuffer& image, const std::vector<int>& columns,
                             const std::vector<int>& rows, int block = 4);

// A fresh temporary folder, removed by the caller's TempDir destructor.
struct TempDir {
  TempDir();
  ~TempDir();
  std::string path;
};

}  // namespace cyclegan::test
