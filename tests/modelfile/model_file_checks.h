// What the model file tests compare: a file's bytes, and two networks' weights bit for bit.
#pragma once

#include <torch/torch.h>

#include <fstream>
#include <sstream>
#include <string>

#include "models/networks.h"

namespace cyclegan_checks {

inline std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The same parameters and buffers: keys, shapes, dtypes and bytes.
inline bool same_weights(cyclegan::Network& a, cyclegan::Network& b) {
  auto pa = a.named_parameters(true), pb = b.named_parameters(true);
  auto ba = a.named_buffers(true), bb = b.named_buffers(true);
  if (pa.keys() != pb.keys() || ba.keys() != bb.keys()) return false;
  for (const auto& k : pa.keys())
    if (!torch::equal(pa[k], pb[k])) return false;
  for (const auto& k : ba.keys())
    if (!torch::equal(ba[k], bb[k])) return false;
  return true;
}

}  // namespace cyclegan_checks
