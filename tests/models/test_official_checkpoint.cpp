// Import of the official checkpoints: every fixture loads with its architecture detected and
// reproduces the official output; damaged and wrong files give a CheckpointError.
#include <gtest/gtest.h>

#include <filesystem>

#include "base/errors.h"
#include "fixtures.h"
#include "models/official_checkpoint.h"

namespace cyclegan {
namespace {

using namespace testing_fixtures;

torch::Tensor entry(const StateDict& dict, const std::string& key) {
  for (const auto& [k, t] : dict) {
    if (k == key) return t;
  }
  ADD_FAILURE() << "no entry " << key;
  return torch::Tensor();
}

TEST(OfficialCheckpoint, EveryFixtureLoadsAndReproducesTheOfficialOutput) {
  const auto fixtures = official_fixtures();
  ASSERT_GE(fixtures.size(), 10u);
  size_t pth_files = 0;
  for (const auto& file : std::filesystem::directory_iterator(official_dir())) {
    pth_files += file.path().extension() == ".pth";
  }
  EXPECT_EQ(fixtures.size(), pth_files) << "a checkpoint in the folder is not in manifest.json";
  for (const auto& f : fixtures) {
    SCOPED_TRACE(f.name);
    auto net = load_official_network(official(f.checkpoint));
    const NetworkSpec& spec = net->spec();
    const char* kind = spec.kind == NetKind::ResnetGenerator   ? "resnet"
                       : spec.kind == NetKind::UnetGenerator   ? "unet"
                       : spec.kind == NetKind::NLayerDiscriminator ? "nlayer"
                                                                   : "pixel";
    EXPECT_EQ(kind, f.net);
    EXPECT_EQ(spec.width, f.width);
    if (f.net != "pixel") {
      EXPECT_EQ(spec.depth, f.depth);
    }
    EXPECT_EQ(spec.norm == NormKind::Batch ? "batch" : spec.norm == NormKind::None ? "none" : "instance",
              f.norm);
    if (f.net == "resnet") {
      EXPECT_EQ(spec.dropout, f.dropout);
    }
    const StateDict io = read_torch_save(official(f.io));
    const torch::Tensor input = entry(io, "input"), output = entry(io, "output");
    torch::NoGradGuard no_grad;
    const torch::Tensor ours = net->forward(input);
    ASSERT_EQ(ours.sizes(), output.sizes());
    EXPECT_LE((ours - output).abs().max().item<double>(), 1e-4);
  }
}

TEST(OfficialCheckpoint, LegacyAndZipContainersReadTheSameKinds) {
  const StateDict legacy = read_torch_save(official("resnet2_ngf8_legacy.pth"));
  const StateDict zip = read_torch_save(official("resnet2_ngf8_zip.pth"));
  ASSERT_EQ(legacy.size(), 20u);
  ASSERT_EQ(zip.size(), 20u);
  for (size_t i = 0; i < legacy.size(); ++i) {
    EXPECT_EQ(legacy[i].first, zip[i].first);
    EXPECT_EQ(legacy[i].second.sizes(), zip[i].second.sizes());
    EXPECT_EQ(legacy[i].second.scalar_type(), torch::kFloat);
  }
  EXPECT_EQ(legacy[0].first, "model.1.weight");
}

TEST(OfficialCheckpoint, WrongRoleIsRefused) {
  EXPECT_THROW(load_official_network(official("nlayer3_ndf8.pth"), Expect::Generator),
               CheckpointError);
  EXPECT_THROW(load_official_network(official("resnet6_ngf8.pth"), Expect::Discriminator),
               CheckpointError);
  EXPECT_NO_THROW(load_official_network(official("pixel_ndf8.pth"), Expect::Discriminator));
}

TEST(OfficialCheckpoint, StrictLoadListsOffendingKeys) {
  const StateDict state = read_torch_save(official("resnet2_ngf8_zip.pth"));
  auto wider = make_network(NetworkSpec::resnet(16, 2));
  try {
    load_state_dict(*wider, state);
    FAIL() << "a ngf 8 state_dict loaded into a ngf 16 network";
  } catch (const CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find("wrong shape model.1.weight [8, 3, 7, 7] vs [16, 3, 7, 7]"),
              std::string::npos) << e.what();
  }
  auto deeper = make_network(NetworkSpec::resnet(8, 3));
  EXPECT_THROW(load_state_dict(*deeper, state), CheckpointError);
  StateDict extra = state;
  extra.emplace_back("model.99.weight", torch::zeros({1}));
  auto same = make_network(NetworkSpec::resnet(8, 2));
  EXPECT_THROW(load_state_dict(*same, extra), CheckpointError);
  EXPECT_NO_THROW(load_state_dict(*same, state));
}

class DamagedFiles : public ::testing::Test {
 protected:
  std::string temp(const std::string& name) { return ::testing::TempDir() + "/cg_models_" + name; }
  // Loads bytes written to a temporary file; true if it loaded, false on CheckpointError.
  bool loads(const std::string& bytes) {
    const std::string path = temp("damaged.pth");
    write_bytes(path, bytes);
    try {
      load_official_network(path, Expect::Generator);
      return true;
    } catch (const CheckpointError& e) {
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
      return false;
    }
  }
};

TEST_F(DamagedFiles, TruncatedAtManyOffsets) {
  for (const char* name : {"resnet2_ngf8_legacy.pth", "resnet2_ngf8_zip.pth"}) {
    const std::string bytes = read_bytes(official(name));
    ASSERT_TRUE(loads(bytes));
    std::vector<size_t> cuts = {0, 1, 2, 10, 100, bytes.size() - 1, bytes.size() - 8};
    for (size_t cut = 0; cut < bytes.size(); cut += bytes.size() / 61 + 1) cuts.push_back(cut);
    for (size_t cut : cuts) EXPECT_FALSE(loads(bytes.substr(0, cut))) << name << " cut at " << cut;
  }
}

TEST_F(DamagedFiles, FlippedBytesInThePickleNeverCrash) {
  const std::string bytes = read_bytes(official("resnet2_ngf8_legacy.pth"));
  // The pickles (header, keys, shapes, storage list) sit in the first ~1.7 kB of this file.
  constexpr size_t kPickleBytes = 1700;
  ASSERT_GT(bytes.size(), kPickleBytes);
  int refused = 0, tried = 0;
  for (size_t at = 0; at < kPickleBytes; at += 5, ++tried) {
    std::string damaged = bytes;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x5a);
    refused += !loads(damaged);
  }
  EXPECT_GT(refused, tried / 2);
}

TEST_F(DamagedFiles, NotACheckpoint) {
  EXPECT_FALSE(loads(""));
  EXPECT_FALSE(loads("just some text\n"));
  EXPECT_FALSE(loads(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)));
  EXPECT_FALSE(loads(std::string("PK\x03\x04", 4) + std::string(100, '\0')));
  EXPECT_THROW(read_torch_save(temp("does_not_exist.pth")), CheckpointError);
}

// A pickle that would run os.system in Python's unpickler must be refused, naming the object.
TEST_F(DamagedFiles, ArbitraryGlobalsAreRefused) {
  const std::string legacy = read_bytes(official("resnet2_ngf8_legacy.pth"));
  const size_t object_start = legacy.find("\x80\x02\x63" "collections");
  ASSERT_NE(object_start, std::string::npos);
  const std::string hostile = legacy.substr(0, object_start) +
                              std::string("\x80\x02\x63posix\nsystem\nX\x02\x00\x00\x00lsq\x00\x85R.", 28);
  const std::string path = temp("hostile.pth");
  write_bytes(path, hostile);
  try {
    read_torch_save(path);
    FAIL() << "posix.system accepted";
  } catch (const CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find("unsupported object posix.system"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace cyclegan
