// One training domain: a set of images (from a folder or from GIMP layers) that yields
// preprocessed samples. Images are decoded once and kept after prepare() (e.g. 286x286 for
// resize_and_crop, as 16-bit samples) when the whole set fits in a memory budget; otherwise each
// sample is decoded again from its file. Both paths give identical samples.
//
//   std::mt19937_64 rng(seed);
//   auto horses = cyclegan::TrainingImages::from_folder("trainA", "", options, callbacks);
//   torch::Tensor x = horses.sample(i, rng);   // 3 x crop x crop, [-1, 1]
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/cyclegan.h"
#include "core/preprocess.h"

namespace cyclegan {

struct TrainingImagesOptions {
  PreprocessOptions preprocess;
  // Largest size of the decoded-once cache, in bytes; above it, samples are decoded per use.
  int64_t cache_budget_bytes = int64_t(2) << 30;
  int threads = 2;  // decoding threads at load time (results do not depend on it)
};

class TrainingImages {
 public:
  // Every image under `folder` (recursive). name: the domain name ("" = the folder's name).
  // Unreadable files are skipped with a warning; throws InputError when none is left, when an
  // image is smaller than the crop, for a missing/empty folder; Cancelled when asked to stop.
  static TrainingImages from_folder(const std::string& folder, const std::string& name,
                                    const TrainingImagesOptions& options, const Callbacks& callbacks = {});

  // Images already in memory (GIMP layers), any channel count. `labels` (same length, or
  // empty) name them in messages. Always kept in memory.
  static TrainingImages from_buffers(const std::vector<PixelBuffer>& images, const std::string& name,
                                     const TrainingImagesOptions& options,
                                     const std::vector<std::string>& labels = {},
                                     const Callbacks& callbacks = {});

  const std::string& name() const { return name_; }
  size_t size() const { return labels_.size(); }
  const std::string& label(size_t index) const { return labels_.at(index); }  // file path or layer label
  bool cached() const { return cached_; }
  int64_t cache_bytes() const;
  const PreprocessOptions& preprocess() const { return options_.preprocess; }

  // Sample `index`: 3 x H x W float in [-1, 1] after the random crop and flip drawn from `rng`.
  // Throws InputError if an uncached file became unreadable.
  torch::Tensor sample(size_t index, std::mt19937_64& rng) const;

  // The prepared image (before crop/flip) as RGB 0..1: for previews and tests.
  PixelBuffer prepared(size_t index) const;

 private:
  TrainingImages() = default;

  std::string name_;
  TrainingImagesOptions options_;
  std::vector<std::string> labels_;
  // A prepared image kept as 16-bit samples: half the memory of float, exact for 8- and 16-bit
  // files, and both the cached and the uncached path go through it, so they agree bit for bit.
  struct Stored {
    int width = 0, height = 0;
    std::vector<uint16_t> samples;  // RGB, interleaved, value * 65535
  };
  static Stored store(const PixelBuffer& rgb);
  static PixelBuffer restore(const Stored& stored);

  std::vector<Stored> prepared_;  // empty when not cached
  bool cached_ = false;
};

}  // namespace cyclegan
