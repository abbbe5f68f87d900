#include "core/image_pool.h"

#include <sstream>

#include "base/errors.h"

namespace cyclegan {

namespace {

// Portable draws (std::uniform_*_distribution differs between standard libraries, which would
// break "same seed, same model" across platforms): 53 random bits for a double in [0, 1),
// and a rejection-free modulo for an index (the bias for n = 50 is ~3e-18, irrelevant here).
double unit_draw(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }
uint64_t index_draw(std::mt19937_64& rng, uint64_t n) { return rng() % n; }

}  // namespace

ImagePool::ImagePool(int pool_size, uint64_t seed) : pool_size_(pool_size), rng_(seed) {
  if (pool_size < 0) throw InputError("The image pool size must be 0 or more.");
}

torch::Tensor ImagePool::query(const torch::Tensor& images) {
  if (pool_size_ == 0) return images.detach();
  std::vector<torch::Tensor> out;
  out.reserve(images.size(0));
  for (int64_t i = 0; i < images.size(0); ++i) {
    torch::Tensor image = images[i].detach().unsqueeze(0);
    if (stored() < pool_size_) {
      images_.push_back(image);
      out.push_back(image);
    } else if (unit_draw(rng_) > 0.5) {  // official: p = random.uniform(0, 1); if p > 0.5
      const uint64_t id = index_draw(rng_, static_cast<uint64_t>(pool_size_));
      out.push_back(images_[id]);
      images_[id] = image;
    } else {
      out.push_back(image);
    }
  }
  return torch::cat(out, 0);
}

void ImagePool::save(torch::serialize::OutputArchive& archive, const std::string& prefix) const {
  std::ostringstream rng_text;
  rng_text << rng_;
  archive.write(prefix + ".rng", c10::IValue(rng_text.str()));
  archive.write(prefix + ".size", c10::IValue(static_cast<int64_t>(pool_size_)));
  archive.write(prefix + ".count", c10::IValue(static_cast<int64_t>(images_.size())));
  if (!images_.empty()) archive.write(prefix + ".images", torch::cat(images_, 0).cpu());
}

void ImagePool::load(torch::serialize::InputArchive& archive, const std::string& prefix,
                     torch::Device device) {
  c10::IValue rng_text, size, count;
  try {
    archive.read(prefix + ".rng", rng_text);
    archive.read(prefix + ".size", size);
    archive.read(prefix + ".count", count);
  } catch (const c10::Error&) {
    throw CheckpointError("The training state has no image pool \"" + prefix + "\"; resume is impossible, "
                          "train without --resume.");
  }
  if (size.toInt() != pool_size_)
    throw CheckpointError("The training state's image pool holds " + std::to_string(size.toInt()) +
                          " images but this run uses " + std::to_string(pool_size_) +
                          "; resume with the same settings.");
  std::istringstream in(rng_text.toStringRef());
  in >> rng_;
  images_.clear();
  if (count.toInt() > 0) {
    torch::Tensor all;
    archive.read(prefix + ".images", all);
    for (int64_t i = 0; i < all.size(0); ++i) images_.push_back(all[i].unsqueeze(0).to(device));
  }
}

}  // namespace cyclegan
