#include "core/model_file.h"

#include <caffe2/serialize/inline_container.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "core/atomic_file.h"
#include "core/errors.h"

namespace cyclegan {

namespace {

// First line of the header record: tells our files from any other zip (e.g. a torch.save file).
constexpr const char* kMagic = "cyclegan-gimp model";

// The four networks in file order, with the names used in the header and the tensor index.
struct Slot {
  const char* name;
  std::shared_ptr<Network> ModelFile::*member;
};
const Slot kSlots[] = {{"G", &ModelFile::g}, {"F", &ModelFile::f}, {"D_A", &ModelFile::d_a},
                       {"D_B", &ModelFile::d_b}};

// FNV-1a, 64 bit: detects damaged weights (LibTorch's miniz skips zip CRC checks).
uint64_t fnv1a(const void* data, size_t size) {
  const auto* p = static_cast<const unsigned char*>(data);
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < size; ++i) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

// Header values are one line each: escape backslashes and newlines.
std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else out += c;
  }
  return out;
}

std::string unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char c = s[++i];
      out += c == 'n' ? '\n' : c == 'r' ? '\r' : c;
    } else {
      out += s[i];
    }
  }
  return out;
}

const std::map<std::string, at::ScalarType>& dtypes() {
  static const std::map<std::string, at::ScalarType> m = {
      {"f32", at::kFloat}, {"f64", at::kDouble}, {"f16", at::kHalf}, {"bf16", at::kBFloat16},
      {"i64", at::kLong},  {"i32", at::kInt},    {"u8", at::kByte},  {"bool", at::kBool}};
  return m;
}

std::string dtype_name(at::ScalarType t) {
  for (const auto& [name, type] : dtypes())
    if (type == t) return name;
  throw InputError(std::string("Cannot save a tensor of type ") + c10::toString(t) +
                   " in a model file.");
}

// Everything a network contributes to the file, in the order of its state_dict.
std::vector<std::pair<std::string, torch::Tensor>> state_of(Network& net) {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  for (const auto& p : net.named_parameters(true)) out.emplace_back(p.key(), p.value());
  for (const auto& b : net.named_buffers(true)) out.emplace_back(b.key(), b.value());
  return out;
}

class Failure {
 public:
  explicit Failure(std::string path) : path_(std::move(path)) {}
  CheckpointError damaged(const std::string& detail) const {
    return CheckpointError(path_ + " is damaged or incomplete (" + detail +
                           "); save or import the model again.");
  }
  CheckpointError not_ours() const {
    return CheckpointError(path_ + " is not a cyclegan-gimp model file (" +
                           kModelFileExtension + "); use an official .pth with `cyclegan import` "
                           "or a file saved by cyclegan-gimp.");
  }

 private:
  std::string path_;
};

struct Header {
  std::map<std::string, std::string> fields;
  std::string get(const std::string& key) const {
    auto it = fields.find(key);
    return it == fields.end() ? "" : it->second;
  }
};

int64_t parse_int(const std::string& text, const Failure& fail, const char* what) {
  if (text.empty()) return 0;
  try {
    size_t used = 0;
    const long long v = std::stoll(text, &used);
    if (used != text.size() || v < 0) throw fail.damaged(std::string("bad ") + what);
    return v;
  } catch (const std::logic_error&) {
    throw fail.damaged(std::string("bad ") + what);
  }
}

std::string record(caffe2::serialize::PyTorchStreamReader& zip, const std::string& name) {
  at::DataPtr data;
  size_t size = 0;
  std::tie(data, size) = zip.getRecord(name);
  return std::string(static_cast<const char*>(data.get()), size);
}

// Opens the zip and checks magic and version. LibTorch signals a bad zip with c10::Error.
std::unique_ptr<caffe2::serialize::PyTorchStreamReader> open_zip(const std::string& path,
                                                                  const Failure& fail) {
  std::ifstream probe(path, std::ios::binary);
  if (!probe) throw CheckpointError("Cannot open the model file " + path + ": " + std::strerror(errno) + ".");
  char start[2] = {0, 0};
  probe.read(start, 2);
  if (start[0] != 'P' || start[1] != 'K') throw fail.not_ours();
  try {
    return std::make_unique<caffe2::serialize::PyTorchStreamReader>(path);
  } catch (const c10::Error&) {
    throw fail.damaged("not a readable zip container");
  }
}

Header read_header(caffe2::serialize::PyTorchStreamReader& zip, const std::string& path,
                   const Failure& fail) {
  std::string text;
  try {
    if (!zip.hasRecord("header")) throw fail.not_ours();
    text = record(zip, "header");
  } catch (const c10::Error&) {
    throw fail.damaged("unreadable header");
  } catch (const std::bad_alloc&) {
    throw fail.damaged("impossible header size");  // a damaged size field in the zip
  }
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line != kMagic) throw fail.not_ours();
  Header h;
  while (std::getline(in, line)) {
    const auto eq = line.find('=');
    if (eq == std::string::npos) throw fail.damaged("bad header line");
    h.fields[line.substr(0, eq)] = unescape(line.substr(eq + 1));
  }
  const int64_t format = parse_int(h.get("format"), fail, "format version");
  if (format < 1) throw fail.damaged("no format version");
  if (format > kModelFormatVersion)
    throw CheckpointError(path + " was written by a newer cyclegan-gimp (format " +
                          std::to_string(format) + ", this one reads up to " +
                          std::to_string(kModelFormatVersion) + "); update cyclegan-gimp.");
  return h;
}

ModelInfo info_from_header(const Header& h, const std::string& path, const Failure& fail) {
  ModelInfo info;
  info.path = path;
  info.official = false;
  info.format_version = static_cast<int>(parse_int(h.get("format"), fail, "format version"));
  info.domain_a = h.get("domain_a");
  info.domain_b = h.get("domain_b");
  info.train_size = static_cast<int>(parse_int(h.get("train_size"), fail, "training size"));
  info.iterations = parse_int(h.get("iterations"), fail, "iteration count");
  info.has_training_state = h.get("training_state") == "1";
  info.created = h.get("created");
  info.updated = h.get("updated");
  info.learning_check = h.get("learning_check");
  info.parameters = parse_int(h.get("parameters"), fail, "parameter count");
  for (const auto& slot : kSlots) {
    const std::string spec_text = h.get(std::string("net.") + slot.name);
    if (spec_text.empty()) continue;
    const NetworkSpec spec = NetworkSpec::parse(spec_text);
    if (spec.is_generator()) {
      if (info.generator.empty()) info.generator = spec.describe();
    } else if (info.discriminator.empty()) {
      info.discriminator = spec.describe();
    }
    if (std::string(slot.name) == "G") info.has_a_to_b = true;
    if (std::string(slot.name) == "F") info.has_b_to_a = true;
  }
  if (!info.has_a_to_b && !info.has_b_to_a) throw fail.damaged("no generator");
  return info;
}

}  // namespace

std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string model_file_bytes(const ModelFile& model) {
  std::ostringstream header, index;
  header << kMagic << "\n";
  header << "format=" << kModelFormatVersion << "\n";
  const std::string now = utc_now_iso8601();
  auto field = [&](const char* key, const std::string& value) {
    header << key << "=" << escape(value) << "\n";
  };
  field("domain_a", model.domain_a);
  field("domain_b", model.domain_b);
  field("train_size", std::to_string(model.train_size));
  field("iterations", std::to_string(model.iterations));
  field("created", model.created.empty() ? now : model.created);
  field("updated", now);
  field("training_config", model.training_config);
  if (!model.learning_check.empty()) field("learning_check", model.learning_check);
  field("training_state", model.training_state.empty() ? "0" : "1");

  // Tensors are collected first so that the header can carry the parameter count.
  std::vector<torch::Tensor> tensors;
  int64_t parameters = 0;
  bool any_generator = false;
  for (const auto& slot : kSlots) {
    const auto& net = model.*slot.member;
    if (!net) continue;
    any_generator = any_generator || net->spec().is_generator();
    field((std::string("net.") + slot.name).c_str(), net->spec().serialize());
    for (const auto& p : net->named_parameters(true)) parameters += p.value().numel();
    for (auto& [key, value] : state_of(*net)) {
      torch::Tensor t = value.detach().to(torch::kCPU).contiguous();
      index << slot.name << "/" << key << " " << dtype_name(t.scalar_type()) << " ";
      for (int64_t d = 0; d < t.dim(); ++d) index << (d ? "," : "") << t.size(d);
      if (t.dim() == 0) index << "-";  // a scalar: no sizes
      index << " " << fnv1a(t.data_ptr(), t.nbytes()) << "\n";
      tensors.push_back(t);
    }
  }
  if (!any_generator)
    throw InputError("A model file needs at least one generator (G or F); nothing was saved.");
  field("parameters", std::to_string(parameters));

  std::string bytes;
  caffe2::serialize::PyTorchStreamWriter zip([&](const void* data, size_t size) {
    bytes.append(static_cast<const char*>(data), size);
    return size;
  });
  const std::string header_text = header.str(), index_text = index.str();
  zip.writeRecord("header", header_text.data(), header_text.size());
  zip.writeRecord("tensors", index_text.data(), index_text.size());
  for (size_t i = 0; i < tensors.size(); ++i)
    zip.writeRecord("t/" + std::to_string(i), tensors[i].data_ptr(), tensors[i].nbytes());
  if (!model.training_state.empty())
    zip.writeRecord("training_state", model.training_state.data(), model.training_state.size());
  zip.writeEndOfFile();
  return bytes;
}

void save_model_file(const ModelFile& model, const std::string& path) {
  write_file_atomically(path, model_file_bytes(model));
}

bool is_model_file(const std::string& path) {
  try {
    read_model_file_info(path);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

ModelInfo read_model_file_info(const std::string& path) {
  const Failure fail(path);
  auto zip = open_zip(path, fail);
  return info_from_header(read_header(*zip, path, fail), path, fail);
}

ModelFile load_model_file(const std::string& path, bool with_training_state) {
  const Failure fail(path);
  auto zip = open_zip(path, fail);
  const Header h = read_header(*zip, path, fail);
  const ModelInfo info = info_from_header(h, path, fail);

  ModelFile m;
  m.format_version = info.format_version;
  m.domain_a = info.domain_a;
  m.domain_b = info.domain_b;
  m.train_size = info.train_size;
  m.iterations = info.iterations;
  m.created = info.created;
  m.updated = info.updated;
  m.training_config = h.get("training_config");
  m.learning_check = info.learning_check;
  m.has_training_state = info.has_training_state;

  try {
    // Index lines in file order: "NET/KEY DTYPE SIZES HASH"; record t/N holds the N-th.
    std::map<std::string, std::pair<std::string, size_t>> lines;  // name -> (rest, position)
    {
      std::istringstream in(record(*zip, "tensors"));
      std::string name, dtype, sizes, hash;
      size_t n = 0;
      while (in >> name >> dtype >> sizes >> hash)
        lines[name] = {dtype + " " + sizes + " " + hash, n++};
    }
    size_t used = 0;
    torch::NoGradGuard no_grad;
    for (const auto& slot : kSlots) {
      const std::string spec_text = h.get(std::string("net.") + slot.name);
      if (spec_text.empty()) continue;
      std::shared_ptr<Network> net = make_network(NetworkSpec::parse(spec_text));
      for (auto& [key, target] : state_of(*net)) {
        const std::string name = std::string(slot.name) + "/" + key;
        auto it = lines.find(name);
        if (it == lines.end()) throw fail.damaged("weight " + name + " missing");
        std::istringstream fields(it->second.first);
        std::string dtype, sizes;
        uint64_t hash = 0;
        fields >> dtype >> sizes >> hash;
        auto type = dtypes().find(dtype);
        if (type == dtypes().end()) throw fail.damaged("unknown type of " + name);
        std::vector<int64_t> shape;
        if (sizes != "-") {
          std::istringstream dims(sizes);
          std::string d;
          while (std::getline(dims, d, ',')) shape.push_back(parse_int(d, fail, "tensor size"));
        }
        if (shape != target.sizes().vec()) throw fail.damaged("weight " + name + " has the wrong shape");
        const std::string bytes = record(*zip, "t/" + std::to_string(it->second.second));
        torch::Tensor t = torch::empty(shape, torch::TensorOptions().dtype(type->second));
        if (bytes.size() != t.nbytes()) throw fail.damaged("weight " + name + " is cut short");
        if (fnv1a(bytes.data(), bytes.size()) != hash) throw fail.damaged("weight " + name + " is corrupt");
        std::memcpy(t.data_ptr(), bytes.data(), bytes.size());
        target.copy_(t);
        ++used;
      }
      m.*slot.member = net;
    }
    if (used != lines.size()) throw fail.damaged("weights that no network uses");
    if (with_training_state && m.has_training_state) {
      if (!zip->hasRecord("training_state")) throw fail.damaged("training state missing");
      m.training_state = record(*zip, "training_state");
    }
  } catch (const c10::Error&) {
    throw fail.damaged("unreadable record");
  } catch (const std::bad_alloc&) {
    throw fail.damaged("impossible record size");  // a damaged size field in the zip
  } catch (const InputError&) {
    // make_network refusing a spec: the header promised something this build cannot build.
    throw fail.damaged("unbuildable network description");
  }
  return m;
}

}  // namespace cyclegan
