// Applies a generator to an image of any size, tile by tile, with bounded memory and no seams.
//
//   auto g = cyclegan::make_network(spec);   // a generator, weights loaded
//   cyclegan::TileOptions opt;               // defaults: automatic tile size
//   cyclegan::translate_tiled(*g, image, opt, callbacks);   // image: PixelBuffer, in place
//
// Why tiles agree with the whole-image result (official issue #1040 is what happens otherwise):
//  1. Instance norm: every tile is normalised with the statistics of the *whole* image, recorded
//     in a first pass (models/instance_norm.h, Record then Replay). The first pass runs at full
//     resolution when the image fits `stats_max_pixels`; larger images get an estimate, or on
//     request the exact statistics measured tile by tile (see TileOptions::stats_sampling),
//     the same for every tile, so still no seams.
//  2. Context: each tile's network input extends `margin` pixels beyond what is kept, which for
//     a ResNet generator defaults to its receptive-field radius, so a kept pixel sees exactly
//     what it sees in the whole image. Tile origins are multiples of the network's alignment (4
//     for ResNet: two stride-2 convs), so the stride grids coincide too.
//  3. Feathering: neighbouring tiles overlap by 2*`feather` pixels blended with linear ramps,
//     which hides any residual difference (U-Nets, a margin set below the receptive field).
// At the image borders the input is mirrored up to the alignment, as the whole-image pass does.
//
// U-Net generators: their receptive field is the whole input (num_downs stride-2 levels), so no
// margin makes tiles exact. They run whole-image (padded to a multiple of 2^num_downs) whenever
// the image fits `max_pass_pixels`; only larger images are tiled, with tiles that are multiples
// of 2^num_downs and the same statistics replay and feathering (close, not exact).
//
// Memory: the image is translated in place; besides it only one tile's network activations and
// a strip of blended output rows (width x about one tile height) are held, never a second
// full-size copy. Output rows are written back as soon as no later tile reads them as input.
#pragma once

#include <cstdint>

#include "core/cyclegan.h"
#include "models/networks.h"

namespace cyclegan {

struct TileOptions {
  // Side of the part of each tile that is kept (rounded up to the alignment); 0 = automatic
  // from `max_pass_pixels`. An image no larger than one tile runs in a single pass.
  int tile_size = 0;
  // Context pixels added on each side of a tile and discarded; -1 = the generator's receptive
  // field radius (exact for ResNet generators).
  int margin = -1;
  // Half-width of the linear blend between neighbouring tiles.
  int feather = 16;
  // Largest network input, in pixels, for one pass (tile window or whole image); 0 = automatic
  // (a budget of about 1 GiB of activations for this generator's width).
  int64_t max_pass_pixels = 0;
  // Statistics pass: at full resolution up to this many pixels (0 = max_pass_pixels), otherwise
  // on a copy downscaled so that its long side is `stats_long_side`.
  int64_t stats_max_pixels = 0;
  // How statistics are estimated when the image is too large for a full-resolution pass:
  // Crops: pooled over up to stats_crops_per_axis^2 full-resolution tile windows spread over
  //   the image (default: keeps the scale of textures, which instance-norm statistics depend on;
  //   costs up to that many extra tile forwards);
  // Downscale: one pass over a box-downscaled copy whose long side is stats_long_side (cheaper,
  //   but feature statistics change with scale: several /255 off on our test photos).
  // Exact: the whole image's statistics, measured tile by tile one norm layer at a time (layer
  //   l's moments summed over every tile's kept part, the tile normalised with the exact
  //   statistics of layers < l and cut off after layer l): tiled output then equals untiled
  //   output as for images that fit one pass, but each layer costs a pass over all tiles up to
  //   that layer: 8x the time of a translation whose statistics fit one pass (measured at
  //   512 px in tiles of 256, bench/RESULTS.md), so it is only worth it below a few Mpx.
  enum class StatsSampling { Crops, Downscale, Exact };
  StatsSampling stats_sampling = StatsSampling::Crops;
  int stats_crops_per_axis = 3;
  int stats_long_side = 1024;
};

// What translate_tiled did (for tests, the benchmark and progress texts).
struct TilePlan {
  bool single_pass = false;    // the whole image in one forward
  bool stats_downscaled = false;
  int stats_crops = 0;         // full-resolution crops pooled for the statistics (0: none)
  int stats_layers_measured = 0;  // Exact: norm layers measured tile by tile
  int stats_width = 0, stats_height = 0;  // resolution of the statistics pass (0: none)
  int tiles_x = 0, tiles_y = 0;
  int tile_w = 0, tile_h = 0;  // kept part of each tile (the last row/column may be smaller)
  int margin = 0, feather = 0;
};

// Runs generator `net` over the colour channels of `image` in place: sRGB values (clamped to
// 0..1 for the network input only) in, the network's output mapped to 0..1 out. Gray images
// are fed as three equal channels and get the mean of the three output channels; alpha is not
// touched. Runs under InferenceMode with `net` in eval mode. Reports progress per tile and
// throws Cancelled when callbacks.should_cancel() says so (the image is then partly written).
// Throws InputError for an empty image or an unsupported channel count. When memory runs out
// before any output is written, it tries again with tiles of half the side (telling
// callbacks.warning), and throws InputError in one sentence when even small tiles do not fit.
TilePlan translate_tiled(Network& net, PixelBuffer& image, const TileOptions& options,
                         const Callbacks& callbacks = {});

// Makes glibc keep freed large blocks for reuse instead of returning them to the system
// (M_MMAP_THRESHOLD / M_TRIM_THRESHOLD, process-wide, once; a no-op elsewhere). LibTorch's CPU
// allocator does not cache, so every 64-256 MiB activation of a large translation would
// otherwise be fresh mmap'd memory whose first touch page-faults: measured 20 ms vs 3 ms to
// fill 64 MiB, about a sixth of a 1024x1024 forward. Cost: the process keeps its peak memory
// until it exits. translate_tiled calls it.
void reuse_freed_memory();

// Receptive-field radius of a ResNet generator, in input pixels (0 for other networks).
int receptive_field_radius(const NetworkSpec& spec);

// The multiple a network input side must be: 4 for ResNet, 2^num_downs for U-Net.
int input_alignment(const NetworkSpec& spec);

}  // namespace cyclegan
