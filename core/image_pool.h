// The official ImagePool (util/image_pool.py): a history of generated images, so each
// discriminator sees older fakes too (Shrivastava et al. 2017; section 4 of the CycleGAN paper).
// Until the pool is full, every new image is stored and returned. Afterwards, each image is,
// with probability 1/2, swapped with a random stored one (the stored one is returned), and is
// otherwise returned as is. pool_size 0 returns its input unchanged.
//
// Unlike the official one (Python's global `random`), the pool owns a seeded RNG, and save()/load()
// capture the stored images and the RNG so that a resumed run draws exactly the same choices.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <torch/torch.h>

namespace cyclegan {

class ImagePool {
 public:
  explicit ImagePool(int pool_size = 50, uint64_t seed = 0);

  // images: N x C x H x W (a batch of fakes); returns N x C x H x W, detached.
  torch::Tensor query(const torch::Tensor& images);

  int pool_size() const { return pool_size_; }
  int stored() const { return static_cast<int>(images_.size()); }
  // A new stream for the choices from here on (each rank of a data-parallel job draws its own).
  void reseed(uint64_t seed) { rng_.seed(seed); }

  // Stored images and the RNG, under `prefix` in the archive.
  void save(torch::serialize::OutputArchive& archive, const std::string& prefix) const;
  // Restores what save() wrote; stored images go to `device`. Throws CheckpointError when
  // the archive has no such pool or its size differs.
  void load(torch::serialize::InputArchive& archive, const std::string& prefix, torch::Device device);

 private:
  int pool_size_;
  std::mt19937_64 rng_;
  std::vector<torch::Tensor> images_;  // each 1 x C x H x W
};

}  // namespace cyclegan
