// The model file's integrity: hashes over every record (a damaged training state stops resuming
// and nothing else), files written before the hashes, sizes checked before a record is read
// (for our files and for official zip .pth), and the same error from info and translate.
#include <gtest/gtest.h>
#include <torch/torch.h>
#include <caffe2/serialize/inline_container.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>

#include "core/atomic_file.h"
#include "core/cyclegan.h"
#include "base/errors.h"
#include "core/generator_loading.h"
#include "core/model_file.h"
#include "models/torch_pickle.h"
#include "tests/modelfile/model_file_checks.h"

namespace fs = std::filesystem;
using namespace cyclegan;

namespace {

using cyclegan_checks::same_weights;

// A state of random bytes, so that it occurs once in the file and can be found and damaged.
std::string opaque_state(size_t size) {
  std::mt19937 rng(7);
  std::string s(size, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

ModelFile tiny_model() {
  ModelFile m;
  m.domain_a = "horse";
  m.domain_b = "zebra";
  m.g = make_network(NetworkSpec::resnet(4, 1));
  m.f = make_network(NetworkSpec::resnet(4, 1));
  m.d_a = make_network(NetworkSpec::nlayer(4, 1));
  m.d_b = make_network(NetworkSpec::nlayer(4, 1));
  m.train_size = 32;
  m.training_state = opaque_state(4096);
  return m;
}

// Every record of a PyTorch zip, by name, in file order.
std::vector<std::pair<std::string, std::string>> records_of(const std::string& path) {
  caffe2::serialize::PyTorchStreamReader zip(path);
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& name : zip.getAllRecords()) {
    if (name == "version" || name == ".data/version") continue;  // the writer adds its own
    auto [data, size] = zip.getRecord(name);
    out.emplace_back(name, std::string(static_cast<const char*>(data.get()), size));
  }
  return out;
}

std::string zip_of(const std::vector<std::pair<std::string, std::string>>& records) {
  std::string bytes;
  caffe2::serialize::PyTorchStreamWriter zip([&](const void* d, size_t n) {
    bytes.append(static_cast<const char*>(d), n);
    return n;
  });
  for (const auto& [name, data] : records) zip.writeRecord(name, data.data(), data.size());
  zip.writeEndOfFile();
  return bytes;
}

// A file as cyclegan-gimp wrote it before the hashes: no header_hash record, no hash fields.
std::string without_hashes(const std::string& path) {
  std::vector<std::pair<std::string, std::string>> kept;
  for (auto [name, data] : records_of(path)) {
    if (name == "header_hash") continue;
    if (name == "header") {
      std::istringstream in(data);
      std::string line, header;
      while (std::getline(in, line))
        if (line.rfind("tensors_hash=", 0) != 0 && line.rfind("training_state_hash=", 0) != 0 &&
            line.rfind("training_state_size=", 0) != 0)
          header += line + "\n";
      data = header;
    }
    kept.emplace_back(name, data);
  }
  return zip_of(kept);
}

// ---- a hand-made zip whose one record inflates to about 1 GiB ------------------------------

// Deflate (RFC 1951) with the fixed Huffman code: one zero byte, then `repeats` copies of
// <length 258, distance 1>: 13 bits per 258 output bytes.
std::string zeros_deflated(uint64_t repeats) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  auto put = [&](uint32_t value, int n) {  // LSB first, as deflate packs its bits
    acc |= value << bits;
    bits += n;
    while (bits >= 8) {
      out += static_cast<char>(acc & 0xff);
      acc >>= 8;
      bits -= 8;
    }
  };
  auto huffman = [&](uint32_t code, int n) {  // Huffman codes go most significant bit first
    for (int k = n - 1; k >= 0; --k) put((code >> k) & 1, 1);
  };
  put(1, 1);                  // BFINAL
  put(1, 2);                  // BTYPE 01: fixed Huffman
  huffman(0x30, 8);           // literal 0
  for (uint64_t i = 0; i < repeats; ++i) {
    huffman(0xc5, 8);         // length symbol 285 = 258
    huffman(0, 5);            // distance code 0 = 1
  }
  huffman(0, 7);              // end of block (256)
  if (bits) put(0, 8 - bits);
  return out;
}

void le(std::string& s, uint64_t v, int n) {
  for (int k = 0; k < n; ++k) s += static_cast<char>((v >> (8 * k)) & 0xff);
}

struct RawEntry {
  std::string name;
  std::string data;       // as stored
  uint64_t size;          // uncompressed
  bool deflated;
};

// A zip with the given entries (CRCs 0: LibTorch's miniz does not check them).
std::string raw_zip(const std::vector<RawEntry>& entries) {
  std::string file, directory;
  for (const RawEntry& e : entries) {
    const uint64_t offset = file.size();
    std::string common;
    le(common, 20, 2);                     // version needed
    le(common, 0, 2);                      // flags
    le(common, e.deflated ? 8 : 0, 2);     // method
    le(common, 0, 4);                      // time, date
    le(common, 0, 4);                      // crc
    le(common, e.data.size(), 4);
    le(common, e.size, 4);
    le(common, e.name.size(), 2);
    le(common, 0, 2);                      // extra length
    le(file, 0x04034b50, 4);
    file += common + e.name + e.data;
    le(directory, 0x02014b50, 4);
    le(directory, 20, 2);                  // version made by
    directory += common;
    le(directory, 0, 2);                   // comment length
    le(directory, 0, 4);                   // disk, internal attributes
    le(directory, 0, 4);                   // external attributes
    le(directory, offset, 4);
    directory += e.name;
  }
  const uint64_t cd_offset = file.size();
  file += directory;
  le(file, 0x06054b50, 4);
  le(file, 0, 4);
  le(file, entries.size(), 2);
  le(file, entries.size(), 2);
  le(file, directory.size(), 4);
  le(file, cd_offset, 4);
  le(file, 0, 2);
  return file;
}

// 1 + 258 * 4161790 bytes: just under 1 GiB of zeros from ~6.8 MB.
constexpr uint64_t kRepeats = 4161790;
constexpr uint64_t kInflated = 1 + 258 * kRepeats;

class ModelFileIntegrity : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/cgan-integrity-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }

  // A saved tiny model whose training state has one byte flipped.
  std::string damaged_state_file(const ModelFile& m) {
    std::string bytes = model_file_bytes(m);
    const size_t at = bytes.find(m.training_state);
    EXPECT_NE(at, std::string::npos);
    bytes[at + m.training_state.size() / 2] ^= 0x10;
    write_file_atomically(path("state.cgan"), bytes);
    return path("state.cgan");
  }
  std::string dir_;
};

template <typename F>
std::string checkpoint_error(F&& f) {
  try {
    f();
  } catch (const CheckpointError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no CheckpointError";
  return "";
}

}  // namespace

TEST_F(ModelFileIntegrity, IntactTrainingStatePassesEveryCheck) {
  const ModelFile m = tiny_model();
  save_model_file(m, path("ok.cgan"));
  EXPECT_FALSE(read_model_file_info(path("ok.cgan"), true).training_state_damaged);
  const ModelFile back = load_model_file(path("ok.cgan"));
  EXPECT_FALSE(back.training_state_damaged);
  EXPECT_EQ(back.training_state, m.training_state);
}

TEST_F(ModelFileIntegrity, DamagedTrainingStateStopsResumeOnly) {
  const ModelFile m = tiny_model();
  const std::string file = damaged_state_file(m);

  // The header alone does not read the state; info's full check does.
  EXPECT_FALSE(read_model_file_info(file).training_state_damaged);
  const ModelInfo info = read_model_info(file, /*check_training_state=*/true);
  EXPECT_TRUE(info.has_training_state);
  EXPECT_TRUE(info.training_state_damaged);

  // Translation: the weights are intact.
  const ModelFile weights = load_model_file(file, /*with_training_state=*/false);
  ASSERT_TRUE(weights.g && weights.f);
  EXPECT_TRUE(same_weights(*weights.g, *m.g));
  const ChosenGenerator chosen = load_generator(file, Direction::AtoB, "");
  EXPECT_TRUE(same_weights(*chosen.net, *m.g));

  const ModelFile with_state = load_model_file(file);
  EXPECT_TRUE(with_state.training_state_damaged);
  EXPECT_TRUE(with_state.training_state.empty());

  // Resuming refuses before it looks at any image.
  TrainOptions o;
  o.output = file;
  o.resume = true;
  o.threads = 1;
  const std::string msg = checkpoint_error([&] { train(o); });
  EXPECT_NE(msg.find("its training state is damaged"), std::string::npos) << msg;
  EXPECT_NE(msg.find(file), std::string::npos) << msg;
}

TEST_F(ModelFileIntegrity, MissingTrainingStateRecordIsADamagedState) {
  save_model_file(tiny_model(), path("m.cgan"));
  auto records = records_of(path("m.cgan"));
  records.erase(std::remove_if(records.begin(), records.end(),
                               [](const auto& r) { return r.first == "training_state"; }),
                records.end());
  write_file_atomically(path("cut.cgan"), zip_of(records));
  EXPECT_TRUE(load_model_file(path("cut.cgan")).training_state_damaged);
  EXPECT_TRUE(load_model_file(path("cut.cgan"), false).g);
}

TEST_F(ModelFileIntegrity, FilesWithoutHashesStillLoad) {
  const ModelFile m = tiny_model();
  save_model_file(m, path("new.cgan"));
  write_file_atomically(path("old.cgan"), without_hashes(path("new.cgan")));
  for (const auto& [name, data] : records_of(path("old.cgan"))) {
    ASSERT_NE(name, "header_hash");
    if (name == "header") {
      ASSERT_EQ(data.find("_hash="), std::string::npos) << data;
    }
  }
  const ModelFile back = load_model_file(path("old.cgan"));
  EXPECT_FALSE(back.training_state_damaged);
  EXPECT_EQ(back.training_state, m.training_state);
  ASSERT_TRUE(back.g && back.f && back.d_a && back.d_b);
  EXPECT_TRUE(same_weights(*back.f, *m.f));
  EXPECT_FALSE(read_model_info(path("old.cgan"), true).training_state_damaged);
}

TEST_F(ModelFileIntegrity, HashedHeaderWithoutItsHashRecordIsDamaged) {
  save_model_file(tiny_model(), path("m.cgan"));
  auto records = records_of(path("m.cgan"));
  records.erase(std::remove_if(records.begin(), records.end(),
                               [](const auto& r) { return r.first == "header_hash"; }),
                records.end());
  write_file_atomically(path("nohash.cgan"), zip_of(records));
  const std::string msg = checkpoint_error([&] { read_model_file_info(path("nohash.cgan")); });
  EXPECT_NE(msg.find("header hash missing"), std::string::npos) << msg;
}

TEST_F(ModelFileIntegrity, DamagedHeaderIsAnError) {
  std::string bytes = model_file_bytes(tiny_model());
  const size_t at = bytes.find("domain_a=horse");
  ASSERT_NE(at, std::string::npos);
  bytes[at + 9] = 'H';  // still a valid header line: only the hash can tell
  write_file_atomically(path("h.cgan"), bytes);
  const std::string msg = checkpoint_error([&] { read_model_file_info(path("h.cgan")); });
  EXPECT_NE(msg.find("header is corrupt"), std::string::npos) << msg;
  checkpoint_error([&] { load_model_file(path("h.cgan"), false); });
}

TEST_F(ModelFileIntegrity, DamagedTensorIndexIsAnError) {
  std::string bytes = model_file_bytes(tiny_model());
  // The index starts with G's first key; a space that becomes a tab still parses as before.
  const size_t at = bytes.find("G/");
  ASSERT_NE(at, std::string::npos);
  const size_t space = bytes.find(' ', at);
  ASSERT_NE(space, std::string::npos);
  bytes[space] = '\t';
  write_file_atomically(path("i.cgan"), bytes);
  const std::string msg = checkpoint_error([&] { load_model_file(path("i.cgan"), false); });
  EXPECT_NE(msg.find("tensor index is corrupt"), std::string::npos) << msg;
}

TEST_F(ModelFileIntegrity, HugeInflatingRecordsAreRefusedBeforeReading) {
  const std::string deflated = zeros_deflated(kRepeats);
  const std::string version = "3\n";
  write_file_atomically(path("bomb.cgan"),
                        raw_zip({{"archive/header", deflated, kInflated, true},
                                 {"archive/version", version, version.size(), false}}));
  write_file_atomically(path("bomb.pth"),
                        raw_zip({{"archive/data.pkl", deflated, kInflated, true},
                                 {"archive/version", version, version.size(), false}}));
  const auto start = std::chrono::steady_clock::now();
  const std::string ours = checkpoint_error([&] { read_model_info(path("bomb.cgan")); });
  EXPECT_NE(ours.find("impossible size"), std::string::npos) << ours;
  const std::string official = checkpoint_error([&] { read_torch_save(path("bomb.pth")); });
  EXPECT_NE(official.find("impossible size"), std::string::npos) << official;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 1.0);  // inflating 1 GiB twice takes several seconds
}

TEST_F(ModelFileIntegrity, RecordSizesBeyondTheFileAreRefused) {
  // A stored entry that claims more bytes than the file has.
  const std::string header = "cyclegan-gimp model\nformat=1\n";
  std::string zip = raw_zip({{"archive/header", header, header.size(), false}});
  const size_t central = zip.rfind("\x50\x4b\x01\x02");
  ASSERT_NE(central, std::string::npos);
  for (size_t k : {20, 24}) zip.replace(central + k, 4, std::string("\xff\xff\xff\x7f", 4));
  write_file_atomically(path("long.cgan"), zip);
  const std::string msg = checkpoint_error([&] { read_model_info(path("long.cgan")); });
  EXPECT_NE(msg.find("past the end of the file"), std::string::npos) << msg;
}

TEST_F(ModelFileIntegrity, PickleObjectCountIsBounded) {
  // A legacy-format pickle that builds 300,000 nested tuples from one byte each.
  std::string pickle = "\x80\x02N";
  pickle.append(300000, '\x85');
  pickle += '.';
  write_file_atomically(path("tuples.pth"), pickle);
  const std::string msg = checkpoint_error([&] { read_torch_save(path("tuples.pth")); });
  EXPECT_NE(msg.find("too many objects"), std::string::npos) << msg;
}

TEST_F(ModelFileIntegrity, InfoAndTranslateGiveTheSameHeaderErrors) {
  std::string future;
  {
    const std::string header = "cyclegan-gimp model\nformat=3\nnet.G=kind=hologram\n";
    future = zip_of({{"header", header}});
  }
  std::string damaged = model_file_bytes(tiny_model());
  damaged[damaged.find("domain_a=horse") + 9] = 'H';
  // With our extension and renamed: the header decides, as in read_model_info.
  for (const std::string name : {"future.cgan", "future.model", "damaged.cgan", "damaged.bin"}) {
    SCOPED_TRACE(name);
    write_file_atomically(path(name), name.rfind("future", 0) == 0 ? future : damaged);
    const std::string info = checkpoint_error([&] { read_model_info(path(name), true); });
    const std::string translate = checkpoint_error([&] { load_generator(path(name), Direction::AtoB, ""); });
    EXPECT_EQ(info, translate);
    EXPECT_NE(info.find(name.rfind("future", 0) == 0 ? "update cyclegan-gimp" : "damaged"),
              std::string::npos) << info;
  }
}
