#include "core/diff_augment.h"

#include <vector>

#include "base/errors.h"
#include "core/preprocess.h"

namespace cyclegan {

AugmentPolicy parse_augment_policy(const std::string& text) {
  AugmentPolicy p;
  if (text == "none") return p;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t plus = text.find('+', start);
    const std::string part = text.substr(start, plus == std::string::npos ? std::string::npos : plus - start);
    if (part == "translation") p.translation = true;
    else if (part == "cutout") p.cutout = true;
    else
      throw InputError("The augmentation \"" + text + "\" is unknown; use none, translation, cutout or translation+cutout.");
    if (plus == std::string::npos) break;
    start = plus + 1;
  }
  return p;
}

std::string augment_policy_name(const AugmentPolicy& p) {
  if (p.translation && p.cutout) return "translation+cutout";
  if (p.translation) return "translation";
  if (p.cutout) return "cutout";
  return "none";
}

torch::Tensor DiffAugment::operator()(const torch::Tensor& x) {
  torch::Tensor y = x;
  if (policy_.translation) y = translate(y);
  if (policy_.cutout) y = cutout(y);
  return y;
}

// Each sample moves by its own whole-pixel shift; what leaves one side is not wrapped round.
torch::Tensor DiffAugment::translate(const torch::Tensor& x) {
  const int64_t h = x.size(2), w = x.size(3);
  const int64_t ry = h / 8, rx = w / 8;
  if (ry == 0 && rx == 0) return x;
  torch::Tensor padded = torch::constant_pad_nd(x, {rx, rx, ry, ry}, 0);
  std::vector<torch::Tensor> shifted;
  shifted.reserve(x.size(0));
  for (int64_t i = 0; i < x.size(0); ++i) {
    const int64_t dy = static_cast<int64_t>(uniform_index(rng_, 2 * ry + 1));
    const int64_t dx = static_cast<int64_t>(uniform_index(rng_, 2 * rx + 1));
    shifted.push_back(padded[i].narrow(1, dy, h).narrow(2, dx, w));
  }
  return torch::stack(shifted);
}

// One square of half the side per sample, centred anywhere (it may leave the image).
torch::Tensor DiffAugment::cutout(const torch::Tensor& x) {
  const int64_t n = x.size(0), h = x.size(2), w = x.size(3);
  const int64_t sy = std::max<int64_t>(1, h / 2), sx = std::max<int64_t>(1, w / 2);
  torch::Tensor mask = torch::ones({n, 1, h, w}, x.options().requires_grad(false));
  for (int64_t i = 0; i < n; ++i) {
    const int64_t cy = static_cast<int64_t>(uniform_index(rng_, h + 1 - sy % 2));
    const int64_t cx = static_cast<int64_t>(uniform_index(rng_, w + 1 - sx % 2));
    const int64_t y0 = std::max<int64_t>(0, cy - sy / 2), y1 = std::min<int64_t>(h, cy + (sy + 1) / 2);
    const int64_t x0 = std::max<int64_t>(0, cx - sx / 2), x1 = std::min<int64_t>(w, cx + (sx + 1) / 2);
    if (y1 > y0 && x1 > x0) mask[i].narrow(1, y0, y1 - y0).narrow(2, x0, x1 - x0).zero_();
  }
  return x * mask;
}

}  // namespace cyclegan
