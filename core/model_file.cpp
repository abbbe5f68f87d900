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
#include "base/errors.h"
#include "models/zip_directory.h"

namespace cyclegan {

namespace {

// First line of the header record: tells our files from any other zip (e.g. a torch.save file).
constexpr const char* kMagic = "cyclegan-gimp model";

// Largest sizes of the small records; getRecord() allocates what the zip states, so a size is
// checked before the record is read.
constexpr uint64_t kMaxHeaderSize = 1 << 20;  // a few hundred bytes plus the training options
constexpr uint64_t kMaxIndexSize = 16 << 20;  // ~80 bytes per tensor, a few hundred tensors
constexpr uint64_t kMaxHashSize = 32;         // one decimal 64-bit number
// Version of the training.* fields (preset, settings); a reader that needs to tell a later
// meaning of them apart branches on it.
constexpr int kTrainingFieldsVersion = 1;

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
    return CheckpointError(
        Message{CYCLEGAN_MESSAGE("%s is damaged or incomplete (%s); save or import the model again."), {path_, detail}});
  }
  CheckpointError not_ours() const {
    return CheckpointError(Message{CYCLEGAN_MESSAGE("%s is not a cyclegan-gimp model file (%s); use an official "
                                                    ".pth with `cyclegan import` or a file saved by cyclegan-gimp."),
                                   {path_, kModelFileExtension}});
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

// The reader and the directory it will trust (zip_directory.h: sizes checked before reading).
struct Zip {
  ZipDirectory dir;
  std::unique_ptr<caffe2::serialize::PyTorchStreamReader> reader;
  bool has(const std::string& name) const { return dir.find(name) != nullptr; }
};

// A record of at most max_size bytes. We write every record uncompressed, so a compressed one,
// or one larger than it can be, is damage (or a crafted file) and is never read.
std::string record(Zip& zip, const std::string& name, uint64_t max_size, const Failure& fail) {
  const ZipEntry* entry = zip.dir.find(name);
  if (!entry) throw fail.damaged("record " + name + " missing");
  if (!entry->stored || entry->size > max_size)
    throw fail.damaged("record " + name + " has an impossible size");
  at::DataPtr data;
  size_t size = 0;
  std::tie(data, size) = zip.reader->getRecord(name);
  return std::string(static_cast<const char*>(data.get()), size);
}

uint64_t parse_hash(const std::string& text, const Failure& fail) {
  try {
    size_t used = 0;
    const unsigned long long v = std::stoull(text, &used);
    if (used == text.size() && !text.empty() && text[0] != '-') return v;
  } catch (const std::logic_error&) {
  }
  throw fail.damaged("bad hash");
}

// Opens the zip. LibTorch signals a bad zip with c10::Error.
Zip open_zip(const std::string& path, const Failure& fail) {
  std::ifstream probe(path, std::ios::binary);
  if (!probe)
    throw CheckpointError(Message{CYCLEGAN_MESSAGE("Cannot open the model file %s: %s."), {path, std::strerror(errno)}});
  char start[2] = {0, 0};
  probe.read(start, 2);
  if (start[0] != 'P' || start[1] != 'K') throw fail.not_ours();
  Zip zip;
  try {
    zip.dir = read_zip_directory(path);
  } catch (const ZipDirectoryError& e) {
    throw fail.damaged(std::string("not a readable zip container: ") + e.what());
  }
  try {
    zip.reader = std::make_unique<caffe2::serialize::PyTorchStreamReader>(path);
  } catch (const c10::Error&) {
    throw fail.damaged("not a readable zip container");
  }
  return zip;
}

// The header's text, once its first line proves the file is ours (whatever its format).
std::string header_text(Zip& zip, const Failure& fail) {
  if (!zip.has("header")) throw fail.not_ours();
  std::string text;
  try {
    text = record(zip, "header", kMaxHeaderSize, fail);
  } catch (const c10::Error&) {
    throw fail.damaged("unreadable header");
  }
  if (text.compare(0, std::string(kMagic).size() + 1, std::string(kMagic) + "\n") != 0)
    throw fail.not_ours();
  return text;
}

Header read_header(Zip& zip, const std::string& path, const Failure& fail) {
  const std::string text = header_text(zip, fail);
  // header_hash holds FNV-1a of the header record. Every format keeps it, so it is checked
  // before the format version: a damaged "format=" line is damage, not a newer file.
  const bool hashed = zip.has("header_hash");
  if (hashed) {
    std::string stored;
    try {
      stored = record(zip, "header_hash", kMaxHashSize, fail);
    } catch (const c10::Error&) {
      throw fail.damaged("unreadable header hash");
    }
    if (parse_hash(stored, fail) != fnv1a(text.data(), text.size())) throw fail.damaged("header is corrupt");
  }
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);  // the magic line, checked by header_text
  Header h;
  while (std::getline(in, line)) {
    const auto eq = line.find('=');
    if (eq == std::string::npos) throw fail.damaged("bad header line");
    h.fields[line.substr(0, eq)] = unescape(line.substr(eq + 1));
  }
  const int64_t format = parse_int(h.get("format"), fail, "format version");
  if (format < 1) throw fail.damaged("no format version");
  if (format > kModelFormatVersion)
    throw CheckpointError(Message{CYCLEGAN_MESSAGE("%s was written by a newer cyclegan-gimp (format %s, this one "
                                                   "reads up to %s); update cyclegan-gimp."),
                                  {path, std::to_string(format), std::to_string(kModelFormatVersion)}});
  // Files written before the hashes have none of them; a hashed header without its hash record
  // lost that record.
  if (!hashed && !h.get("tensors_hash").empty()) throw fail.damaged("header hash missing");
  return h;
}

// The trainer's bytes, or false when they are missing or damaged. The weights do not depend on
// them, so a damaged state only stops resuming (ModelFile::training_state_damaged).
bool read_training_state(Zip& zip, const Header& h, const Failure& fail, std::string& out) {
  const ZipEntry* entry = zip.dir.find("training_state");
  if (!entry || !entry->stored) return false;
  // The header (hash-checked) states the exact size; files without it are bounded by their own
  // size alone, as every record stored uncompressed is (zip_directory.h).
  const std::string size = h.get("training_state_size");
  if (!size.empty() && entry->size != static_cast<uint64_t>(parse_int(size, fail, "training state size")))
    return false;
  try {
    out = record(zip, "training_state", entry->size, fail);
  } catch (const c10::Error&) {
    return false;
  } catch (const std::bad_alloc&) {
    return false;
  }
  const std::string hash = h.get("training_state_hash");
  if (!hash.empty() && parse_hash(hash, fail) != fnv1a(out.data(), out.size())) {
    out.clear();
    return false;
  }
  return true;
}

struct TrainingFields {
  std::string preset, settings;
};

// The training.* fields. Files written before they existed kept the preset and the `--set` list
// only in the readable configuration: "preset NAME ..." first, then a line "  settings LIST".
// That text is read here for such files alone, so that they still resume.
TrainingFields training_fields(const Header& h) {
  if (!h.get("training.fields").empty()) return {h.get("training.preset"), h.get("training.settings")};
  TrainingFields legacy;
  std::istringstream in(h.get("training_config"));
  std::string word, name;
  in >> word >> name;
  if (word != "preset") return legacy;
  legacy.preset = name;
  static const std::string kSettingsLine = "  settings ";
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(kSettingsLine, 0) == 0) legacy.settings = line.substr(kSettingsLine.size());
  return legacy;
}

// `training`: training_fields(h), which the caller may need too.
ModelInfo info_from_header(const Header& h, const TrainingFields& training, const std::string& path,
                           const Failure& fail) {
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
  info.preset = training.preset;
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
  if (!model.training_preset.empty()) {
    field("training.fields", std::to_string(kTrainingFieldsVersion));
    field("training.preset", model.training_preset);
    field("training.settings", model.training_settings);
  }
  if (!model.learning_check.empty()) field("learning_check", model.learning_check);
  field("training_state", model.training_state.empty() ? "0" : "1");
  if (!model.training_state.empty()) {
    field("training_state_size", std::to_string(model.training_state.size()));
    field("training_state_hash",
          std::to_string(fnv1a(model.training_state.data(), model.training_state.size())));
  }

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
  const std::string index_text = index.str();
  field("tensors_hash", std::to_string(fnv1a(index_text.data(), index_text.size())));

  std::string bytes;
  caffe2::serialize::PyTorchStreamWriter zip([&](const void* data, size_t size) {
    bytes.append(static_cast<const char*>(data), size);
    return size;
  });
  const std::string header_text = header.str();
  const std::string header_hash = std::to_string(fnv1a(header_text.data(), header_text.size()));
  zip.writeRecord("header", header_text.data(), header_text.size());
  zip.writeRecord("header_hash", header_hash.data(), header_hash.size());
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

bool starts_like_model_file(const std::string& path) {
  try {
    const Failure fail(path);
    Zip zip = open_zip(path, fail);
    header_text(zip, fail);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

bool is_model_file(const std::string& path) {
  try {
    read_model_file_info(path);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

ModelInfo read_model_file_info(const std::string& path, bool check_training_state) {
  const Failure fail(path);
  Zip zip = open_zip(path, fail);
  const Header h = read_header(zip, path, fail);
  ModelInfo info = info_from_header(h, training_fields(h), path, fail);
  std::string state;
  if (check_training_state && info.has_training_state)
    info.training_state_damaged = !read_training_state(zip, h, fail, state);
  return info;
}

ModelFile load_model_file(const std::string& path, bool with_training_state) {
  const Failure fail(path);
  Zip zip = open_zip(path, fail);
  const Header h = read_header(zip, path, fail);
  const TrainingFields training = training_fields(h);
  const ModelInfo info = info_from_header(h, training, path, fail);

  ModelFile m;
  m.format_version = info.format_version;
  m.domain_a = info.domain_a;
  m.domain_b = info.domain_b;
  m.train_size = info.train_size;
  m.iterations = info.iterations;
  m.created = info.created;
  m.updated = info.updated;
  m.training_config = h.get("training_config");
  m.training_preset = training.preset;
  m.training_settings = training.settings;
  m.learning_check = info.learning_check;
  m.has_training_state = info.has_training_state;

  try {
    // Index lines in file order: "NET/KEY DTYPE SIZES HASH"; record t/N holds the N-th.
    std::map<std::string, std::pair<std::string, size_t>> lines;  // name -> (rest, position)
    {
      const std::string index = record(zip, "tensors", kMaxIndexSize, fail);
      const std::string index_hash = h.get("tensors_hash");
      if (!index_hash.empty() && parse_hash(index_hash, fail) != fnv1a(index.data(), index.size()))
        throw fail.damaged("tensor index is corrupt");
      std::istringstream in(index);
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
        torch::Tensor t = torch::empty(shape, torch::TensorOptions().dtype(type->second));
        const std::string record_name = "t/" + std::to_string(it->second.second);
        const ZipEntry* entry = zip.dir.find(record_name);
        if (!entry || entry->size != t.nbytes()) throw fail.damaged("weight " + name + " is cut short");
        const std::string bytes = record(zip, record_name, t.nbytes(), fail);
        if (bytes.size() != t.nbytes()) throw fail.damaged("weight " + name + " is cut short");
        if (fnv1a(bytes.data(), bytes.size()) != hash) throw fail.damaged("weight " + name + " is corrupt");
        std::memcpy(t.data_ptr(), bytes.data(), bytes.size());
        target.copy_(t);
        ++used;
      }
      m.*slot.member = net;
    }
    if (used != lines.size()) throw fail.damaged("weights that no network uses");
    if (with_training_state && m.has_training_state)
      m.training_state_damaged = !read_training_state(zip, h, fail, m.training_state);
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
