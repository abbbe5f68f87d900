#include "models/official_checkpoint.h"

#include <map>
#include <set>

#include "base/errors.h"

namespace cyclegan {

namespace {

// nn.DataParallel's prefix on every key (official models saved from multi-GPU training).
const std::string kParallelPrefix = "module.";
// How many offending keys an error message lists.
constexpr size_t kListedKeys = 4;

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Key -> tensor without the `module.` prefix and without InstanceNorm running statistics
// (written by old PyTorch versions for InstanceNorm2d, which the official code never uses):
// a running_mean/var/num_batches_tracked whose layer has no weight is such a stray.
std::map<std::string, torch::Tensor> normalised(const StateDict& state) {
  std::map<std::string, torch::Tensor> keys;
  for (const auto& [key, tensor] : state) {
    const bool prefixed = key.compare(0, kParallelPrefix.size(), kParallelPrefix) == 0;
    keys[prefixed ? key.substr(kParallelPrefix.size()) : key] = tensor;
  }
  for (auto it = keys.begin(); it != keys.end();) {
    const std::string& key = it->first;
    std::string layer;
    for (const char* stat : {".running_mean", ".running_var", ".num_batches_tracked"}) {
      if (ends_with(key, stat)) layer = key.substr(0, key.size() - std::strlen(stat));
    }
    if (!layer.empty() && !keys.count(layer + ".weight")) {
      it = keys.erase(it);
    } else {
      ++it;
    }
  }
  return keys;
}

class Keys {
 public:
  explicit Keys(const std::map<std::string, torch::Tensor>& keys) : keys_(keys) {}
  bool has(const std::string& key) const { return keys_.count(key) != 0; }
  // Size `dim` of a 4-d tensor, or -1.
  int64_t size(const std::string& key, int dim) const {
    auto it = keys_.find(key);
    if (it == keys_.end() || it->second.dim() != 4) return -1;
    return it->second.size(dim);
  }
  NormKind norm(const std::string& norm_layer, const std::string& conv_before) const {
    if (has(norm_layer + ".running_mean") || has(norm_layer + ".weight")) return NormKind::Batch;
    return has(conv_before + ".bias") ? NormKind::Instance : NormKind::None;
  }

 private:
  const std::map<std::string, torch::Tensor>& keys_;
};

NetworkSpec infer(const Keys& k) {
  NetworkSpec spec;
  if (k.size("net.0.weight", 2) == 1) {  // PixelDiscriminator: 1x1 convs in `net`
    spec = NetworkSpec::pixel(static_cast<int>(k.size("net.0.weight", 0)));
    spec.in_channels = static_cast<int>(k.size("net.0.weight", 1));
    spec.norm = k.norm("net.3", "net.2");
  } else if (k.size("model.model.0.weight", 2) == 4) {  // U-Net: nested skip blocks
    int depth = 1;
    std::string prefix = "model.model.1.model.";
    while (k.has(prefix + "1.weight") && depth < 64) {
      ++depth;
      prefix += "3.model.";
    }
    spec = NetworkSpec::unet(static_cast<int>(k.size("model.model.0.weight", 0)), depth);
    spec.in_channels = static_cast<int>(k.size("model.model.0.weight", 1));
    spec.out_channels = static_cast<int>(k.size("model.model.3.weight", 1));
    spec.norm = k.norm("model.model.1.model.2", "model.model.1.model.1");
  } else if (k.size("model.1.weight", 2) == 7) {  // ResNet: 7x7 stem after a reflection pad
    int blocks = 0;
    while (k.has("model." + std::to_string(10 + blocks) + ".conv_block.1.weight") && blocks < 64) {
      ++blocks;
    }
    spec = NetworkSpec::resnet(static_cast<int>(k.size("model.1.weight", 0)), blocks);
    spec.in_channels = static_cast<int>(k.size("model.1.weight", 1));
    spec.out_channels = static_cast<int>(k.size("model." + std::to_string(17 + blocks) + ".weight", 0));
    spec.dropout = k.has("model.10.conv_block.6.weight") && !k.has("model.10.conv_block.5.weight");
    spec.norm = k.norm("model.2", "model.1");
  } else if (k.size("model.0.weight", 2) == 4) {  // PatchGAN: 4x4 convs at 0, 2, 5, 8, …
    int convs = 0;
    while (k.has("model." + std::to_string(2 + 3 * convs) + ".weight") && convs < 64) ++convs;
    spec = NetworkSpec::nlayer(static_cast<int>(k.size("model.0.weight", 0)), convs - 1);
    spec.in_channels = static_cast<int>(k.size("model.0.weight", 1));
    spec.norm = k.norm("model.3", "model.2");
  } else {
    throw CheckpointError("");
  }
  if (spec.in_channels < 1 || spec.out_channels < 1 || spec.width < 1 || spec.depth < 1) {
    throw CheckpointError("");
  }
  return spec;
}

std::string shape_of(const torch::Tensor& t) {
  std::string s = "[";
  for (int64_t d = 0; d < t.dim(); ++d) s += (d ? ", " : "") + std::to_string(t.size(d));
  return s + "]";
}

std::string listed(const std::vector<std::string>& keys) {
  std::string s;
  for (size_t i = 0; i < keys.size() && i < kListedKeys; ++i) s += (i ? ", " : "") + keys[i];
  if (keys.size() > kListedKeys) s += " and " + std::to_string(keys.size() - kListedKeys) + " more";
  return s;
}

}  // namespace

NetworkSpec infer_network_spec(const StateDict& state) {
  const auto keys = normalised(state);
  try {
    return infer(Keys(keys));
  } catch (const CheckpointError&) {
    throw CheckpointError("The checkpoint is not one of the official CycleGAN networks "
                          "(ResNet or U-Net generator, PatchGAN or pixel discriminator).");
  }
}

void load_state_dict(Network& net, const StateDict& state) {
  auto keys = normalised(state);
  std::vector<std::string> missing, mismatched;
  std::vector<std::pair<torch::Tensor, torch::Tensor>> copies;
  auto match = [&](const std::string& name, const torch::Tensor& target) {
    auto it = keys.find(name);
    if (it == keys.end()) {
      missing.push_back(name);
      return;
    }
    if (it->second.sizes() != target.sizes()) {
      mismatched.push_back(name + " " + shape_of(it->second) + " vs " + shape_of(target));
    } else {
      copies.emplace_back(target, it->second);
    }
    keys.erase(it);
  };
  for (const auto& p : net.named_parameters()) match(p.key(), p.value());
  for (const auto& b : net.named_buffers()) match(b.key(), b.value());
  std::vector<std::string> unexpected;
  for (const auto& [key, tensor] : keys) unexpected.push_back(key);
  if (!missing.empty() || !unexpected.empty() || !mismatched.empty()) {
    std::string problems;
    if (!missing.empty()) problems += " missing " + listed(missing) + ";";
    if (!unexpected.empty()) problems += " unexpected " + listed(unexpected) + ";";
    if (!mismatched.empty()) problems += " wrong shape " + listed(mismatched) + ";";
    problems.pop_back();
    throw CheckpointError("The checkpoint does not fit the network " + net.spec().describe() +
                          ":" + problems + ".");
  }
  torch::NoGradGuard no_grad;
  for (auto& [target, source] : copies) target.copy_(source);
}

std::shared_ptr<Network> load_official_network(const std::string& path, Expect expect) {
  const StateDict state = read_torch_save(path);
  NetworkSpec spec;
  std::shared_ptr<Network> net;
  try {
    spec = infer_network_spec(state);
    net = make_network(spec);
    load_state_dict(*net, state);
  } catch (const Error& e) {
    throw CheckpointError(path + ": " + e.what());
  }
  if (expect == Expect::Generator && !spec.is_generator()) {
    throw CheckpointError(path + " holds a discriminator (" + spec.describe() +
                          "), not a generator: pick the G_A / G_B file.");
  }
  if (expect == Expect::Discriminator && spec.is_generator()) {
    throw CheckpointError(path + " holds a generator (" + spec.describe() +
                          "), not a discriminator: pick the D_A / D_B file.");
  }
  net->eval();
  return net;
}

}  // namespace cyclegan
