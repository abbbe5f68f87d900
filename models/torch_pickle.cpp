// read_torch_save: the two containers of torch.save around the pickle machine.
//  zip (PyTorch >= 1.6): ARCHIVE/data.pkl + one record ARCHIVE/data/KEY per storage.
//  legacy: pickles of the magic number, the protocol version and sys_info, then the object
//  pickle, then the pickled list of storage keys, then each storage as an 8-byte little-endian
//  element count followed by its raw bytes (torch/serialization.py, _legacy_save).
#include "models/torch_pickle.h"

#include <caffe2/serialize/inline_container.h>

#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

#include "base/errors.h"
#include "models/pickle_machine.h"
#include "models/zip_directory.h"

namespace cyclegan {

namespace {

using pickle::Kind;
using pickle::Value;

// 0x1950a86a20f9469cfc6c, torch's legacy MAGIC_NUMBER, as pickled (little-endian bytes).
const char kLegacyMagic[] = "\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19";
// torch's legacy PROTOCOL_VERSION.
constexpr int64_t kLegacyProtocol = 1001;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CheckpointError("Cannot open " + path + ": check that the file exists and is readable.");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw CheckpointError("Cannot read " + path + ": check the disk and try again.");
  return buffer.str();
}

// Storage bytes by key, filled by the container.
using Storages = std::map<std::string, torch::Tensor>;

torch::Tensor storage_from_bytes(const pickle::StorageRef& ref, const char* bytes) {
  torch::Tensor t = torch::empty({ref.numel}, torch::TensorOptions().dtype(ref.dtype));
  if (ref.numel > 0) std::memcpy(t.data_ptr(), bytes, ref.numel * pickle::element_size(ref.dtype));
  return t;
}

// The tensor that _rebuild_tensor_v2 describes, after checking that it lies inside its storage.
torch::Tensor materialise(const pickle::TensorRef& ref, const Storages& storages) {
  auto it = storages.find(ref.storage.key);
  if (it == storages.end()) throw pickle::Malformed("a tensor refers to a missing storage");
  const torch::Tensor& storage = it->second;
  if (storage.scalar_type() != ref.storage.dtype || storage.numel() != ref.storage.numel) {
    throw pickle::Malformed("a storage is used with two different types or sizes");
  }
  if (ref.offset < 0) throw pickle::Malformed("negative storage offset");
  int64_t last = ref.offset;  // highest element index the view touches
  int64_t count = 1;
  bool empty = false;
  for (size_t d = 0; d < ref.sizes.size(); ++d) {
    const int64_t size = ref.sizes[d], stride = ref.strides[d];
    if (size < 0 || stride < 0) throw pickle::Malformed("negative tensor size or stride");
    if (size == 0) empty = true;
    int64_t reach = 0;
    if (size > 0 && (__builtin_mul_overflow(size - 1, stride, &reach) ||
                     __builtin_add_overflow(last, reach, &last) ||
                     __builtin_mul_overflow(count, size, &count))) {
      throw pickle::Malformed("tensor size overflows");
    }
  }
  if (empty) return torch::empty(ref.sizes, storage.options());
  // Views outside their storage, or larger than it (stride-0 expansion), never occur in a
  // state_dict and would read out of bounds or allocate without limit.
  if (last >= storage.numel() || count > storage.numel()) {
    throw pickle::Malformed("tensor lies outside its storage");
  }
  return storage.as_strided(ref.sizes, ref.strides, ref.offset).clone(at::MemoryFormat::Contiguous);
}

void collect_storages(const Value* v, std::vector<pickle::StorageRef>& out) {
  if (v->kind != Kind::Dict) return;
  for (const auto& [key, value] : v->entries) {
    if (value->kind == Kind::Tensor) out.push_back(value->tensor.storage);
  }
}

StateDict to_state_dict(const Value* top, const Storages& storages) {
  if (top->kind != Kind::Dict) throw pickle::Malformed("the saved object is not a dict");
  StateDict result;
  for (const auto& [key, value] : top->entries) {
    if (key->kind != Kind::Str) throw pickle::Malformed("a dict key is not a string");
    if (value->kind != Kind::Tensor) {
      throw pickle::Unsupported("\"" + key->s + "\" (not a tensor; expected a state_dict)");
    }
    result.emplace_back(key->s, materialise(value->tensor, storages));
  }
  return result;
}

// getRecord allocates what the zip directory states: refuse sizes no honest file has before.
void check_record_size(const ZipDirectory& dir, const std::string& name, uint64_t max_size) {
  const ZipEntry* entry = dir.find(name);
  if (!entry) throw pickle::Malformed("record " + name + " is missing");
  if (entry->size > max_size) throw pickle::Malformed("record " + name + " states an impossible size");
}

StateDict read_zip(const std::string& path) {
  ZipDirectory dir;
  try {
    dir = read_zip_directory(path);
  } catch (const ZipDirectoryError& e) {
    throw pickle::Malformed(std::string("its zip directory: ") + e.what());
  }
  caffe2::serialize::PyTorchStreamReader reader(path);
  if (reader.hasRecord("byteorder")) {
    check_record_size(dir, "byteorder", 16);  // "little" or "big"
    auto [data, size] = reader.getRecord("byteorder");
    const std::string order(static_cast<const char*>(data.get()), size);
    if (order != "little") throw pickle::Unsupported("big-endian data");
  }
  check_record_size(dir, "data.pkl", dir.file_size);
  auto [pkl_data, pkl_size] = reader.getRecord("data.pkl");
  const std::string pkl(static_cast<const char*>(pkl_data.get()), pkl_size);
  pickle::Machine machine;
  size_t pos = 0;
  const Value* top = machine.run(pkl, pos);
  std::vector<pickle::StorageRef> refs;
  collect_storages(top, refs);
  Storages storages;
  for (const auto& ref : refs) {
    if (storages.count(ref.key)) continue;
    for (char c : ref.key) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') {
        throw pickle::Malformed("bad storage key");
      }
    }
    if (ref.key.empty() || !reader.hasRecord("data/" + ref.key)) {
      throw pickle::Malformed("a storage record is missing");
    }
    // Exactly the storage (torch.save writes nothing else there): larger is a crafted size.
    const uint64_t numel = static_cast<uint64_t>(ref.numel);  // not negative (persistent())
    check_record_size(dir, "data/" + ref.key,
                      numel > dir.file_size ? dir.file_size : numel * pickle::element_size(ref.dtype));
    auto [data, size] = reader.getRecord("data/" + ref.key);
    if (size / pickle::element_size(ref.dtype) < static_cast<uint64_t>(ref.numel)) {
      throw pickle::Truncated();
    }
    storages[ref.key] = storage_from_bytes(ref, static_cast<const char*>(data.get()));
  }
  return to_state_dict(top, storages);
}

StateDict read_legacy(const std::string& data) {
  pickle::Machine machine;
  size_t pos = 0;
  const Value* magic = machine.run(data, pos);
  if (magic->kind != Kind::BigInt || magic->s != std::string(kLegacyMagic, 10)) {
    throw pickle::Malformed("no magic number");
  }
  const Value* protocol = machine.run(data, pos);
  if (protocol->kind != Kind::Int || protocol->i != kLegacyProtocol) {
    throw pickle::Unsupported("legacy protocol version");
  }
  const Value* sys_info = machine.run(data, pos);
  if (sys_info->kind != Kind::Dict) throw pickle::Malformed("no sys_info");
  for (const auto& [key, value] : sys_info->entries) {
    if (key->kind == Kind::Str && key->s == "little_endian" &&
        (value->kind != Kind::Bool || value->i != 1)) {
      throw pickle::Unsupported("big-endian data");
    }
  }
  const Value* top = machine.run(data, pos);
  const Value* keys = machine.run(data, pos);
  if (keys->kind != Kind::List) throw pickle::Malformed("no storage key list");
  std::vector<pickle::StorageRef> refs;
  collect_storages(top, refs);
  std::map<std::string, pickle::StorageRef> by_key;
  for (const auto& ref : refs) by_key.emplace(ref.key, ref);
  Storages storages;
  for (const Value* key : keys->items) {
    if (key->kind != Kind::Str) throw pickle::Malformed("a storage key is not a string");
    auto it = by_key.find(key->s);
    if (it == by_key.end() || storages.count(key->s)) {
      throw pickle::Malformed("storage key list does not match the tensors");
    }
    const pickle::StorageRef& ref = it->second;
    if (data.size() - pos < 8) throw pickle::Truncated();
    int64_t count = 0;
    for (int k = 7; k >= 0; --k) count = (count << 8) | static_cast<uint8_t>(data[pos + k]);
    pos += 8;
    if (count != ref.numel) throw pickle::Malformed("storage size differs from its reference");
    const uint64_t bytes = static_cast<uint64_t>(ref.numel) * pickle::element_size(ref.dtype);
    if (ref.numel < 0 || static_cast<uint64_t>(ref.numel) > data.size() ||
        bytes > data.size() - pos) {
      throw pickle::Truncated();
    }
    storages[key->s] = storage_from_bytes(ref, data.data() + pos);
    pos += bytes;
  }
  return to_state_dict(top, storages);
}

}  // namespace

namespace {

// Every way a torch.save file can fail to read, as one sentence naming `name`.
template <class Read>
StateDict explained(const std::string& name, Read read) {
  try {
    return read();
  } catch (const pickle::Truncated&) {
    throw CheckpointError(name + " is truncated: copy or download it again.");
  } catch (const pickle::Unsupported& e) {
    throw CheckpointError(name + " contains unsupported object " + e.what() +
                          ": only state_dicts saved with torch.save can be imported.");
  } catch (const pickle::Malformed& e) {
    throw CheckpointError(name + " is not a valid PyTorch checkpoint (" + e.what() +
                          "); it may be damaged: copy or download it again.");
  } catch (const c10::Error&) {
    throw CheckpointError(name + " is a damaged or truncated PyTorch checkpoint (its zip "
                          "archive cannot be read): copy or download it again.");
  } catch (const std::bad_alloc&) {
    throw CheckpointError(name + " is a damaged PyTorch checkpoint (impossible sizes).");
  }
}

}  // namespace

StateDict read_torch_save_bytes(const std::string& data, const std::string& name) {
  if (data.empty() || static_cast<uint8_t>(data[0]) != 0x80)
    throw CheckpointError(name + " is not a PyTorch checkpoint in the legacy container.");
  return explained(name, [&] { return read_legacy(data); });
}

StateDict read_torch_save(const std::string& path) {
  const std::string data = read_file(path);
  const bool zip = data.size() >= 4 && data.compare(0, 4, "PK\x03\x04") == 0;
  const bool legacy = data.size() >= 2 && static_cast<uint8_t>(data[0]) == 0x80;
  if (!zip && !legacy) {
    throw CheckpointError(path + " is not a PyTorch checkpoint (a file written by torch.save).");
  }
  return explained(path, [&] { return zip ? read_zip(path) : read_legacy(data); });
}

}  // namespace cyclegan
