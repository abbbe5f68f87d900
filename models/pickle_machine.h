// Internal: the pickle virtual machine behind read_torch_save (torch_pickle.h). It builds
// plain values only; the few globals torch.save uses are recognised, never called.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cyclegan::pickle {

// A storage named by a persistent id: ('storage', torch.FloatStorage, key, location, numel, …).
struct StorageRef {
  std::string key;
  torch::ScalarType dtype = torch::kFloat;
  int64_t numel = 0;
};

// torch._utils._rebuild_tensor_v2(storage, offset, size, stride, …), not yet materialised
// (legacy files store the bytes after the pickle).
struct TensorRef {
  StorageRef storage;
  int64_t offset = 0;
  std::vector<int64_t> sizes;
  std::vector<int64_t> strides;
};

enum class Kind { None, Bool, Int, BigInt, Float, Str, Bytes, Tuple, List, Dict, Global, Storage, Tensor };

// Globals torch.save emits; anything else is refused by the machine.
enum class Global { OrderedDict, RebuildTensorV2, RebuildParameter, StorageType };

struct Value {
  Kind kind = Kind::None;
  int64_t i = 0;           // Bool, Int
  double f = 0;            // Float
  std::string s;           // Str, Bytes, BigInt (little-endian two's complement bytes)
  std::vector<Value*> items;                         // Tuple, List
  std::vector<std::pair<Value*, Value*>> entries;    // Dict (insertion order)
  Global global = Global::OrderedDict;               // Global
  torch::ScalarType dtype = torch::kFloat;           // Global StorageType
  StorageRef storage;                                // Storage
  TensorRef tensor;                                  // Tensor
};

// Runs one pickle starting at data[pos], returns its result and moves pos past its STOP.
// Values live in the machine's arena (raw pointers, so cycles a corrupt file may build cannot
// leak). Throws pickle::Malformed / pickle::Truncated / pickle::Unsupported.
class Machine {
 public:
  Value* run(const std::string& data, size_t& pos);

 private:
  Value* make(Kind kind);
  Value* reduce(Value* callable, Value* args);
  Value* persistent(Value* pid);
  std::deque<Value> arena_;
};

struct Malformed : std::runtime_error { using std::runtime_error::runtime_error; };
struct Truncated : std::runtime_error { Truncated() : std::runtime_error("truncated") {} };
struct Unsupported : std::runtime_error { using std::runtime_error::runtime_error; };

size_t element_size(torch::ScalarType dtype);

}  // namespace cyclegan::pickle
