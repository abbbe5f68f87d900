// Our model file: exact round trips, refusal of newer formats and of anything that is not a
// complete model file, with CheckpointError and never a crash.
#include "core/model_file.h"

#include <gtest/gtest.h>
#include <torch/torch.h>
#include <caffe2/serialize/inline_container.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "core/atomic_file.h"
#include "base/errors.h"
#include "tests/fixture_files.h"
#include "tests/modelfile/model_file_checks.h"

namespace fs = std::filesystem;
using namespace cyclegan;

namespace {

using cyclegan_checks::read_all;
using cyclegan_checks::same_weights;

// Fills every weight with random values, so that a swapped or dropped tensor cannot go unseen
// (after the official init all biases would be zero and equal).
void randomize(Network& net) {
  torch::NoGradGuard no_grad;
  for (auto& p : net.parameters()) p.normal_();
  for (auto& b : net.buffers())
    if (b.is_floating_point()) b.uniform_(0.5, 2.0);
    else b.fill_(7);
}

std::shared_ptr<Network> tiny(NetworkSpec spec) {
  auto net = make_network(spec);
  randomize(*net);
  return net;
}

ModelFile tiny_model() {
  ModelFile m;
  m.domain_a = "horse";
  m.domain_b = "zébra \\ with\nnewline";
  m.g = tiny(NetworkSpec::resnet(4, 2));
  m.f = tiny(NetworkSpec::resnet(4, 2));
  m.d_a = tiny(NetworkSpec::nlayer(4, 2));
  m.d_b = tiny(NetworkSpec::nlayer(4, 2));
  m.train_size = 64;
  m.iterations = 1234567890123;
  m.created = "2026-01-02T03:04:05Z";
  m.training_config = "lr=0.0002\nbeta1=0.5";
  m.training_preset = "quick";
  m.training_settings = "lr=0.001,start_G=identity";
  m.training_state = std::string("opaque\0state\xff", 13);
  return m;
}

class ModelFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/cgan-modelfile-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }

  // Loading must fail with CheckpointError; returns its message.
  std::string load_error(const std::string& file) {
    try {
      load_model_file(file);
    } catch (const CheckpointError& e) {
      return e.what();
    }
    ADD_FAILURE() << file << " loaded";
    return "";
  }
  std::string dir_;
};

}  // namespace

TEST_F(ModelFileTest, RoundTripIsBitExactWithAllMetadata) {
  const ModelFile m = tiny_model();
  save_model_file(m, path("m.cgan"));
  const ModelFile back = load_model_file(path("m.cgan"));
  EXPECT_EQ(back.format_version, kModelFormatVersion);
  EXPECT_EQ(back.domain_a, m.domain_a);
  EXPECT_EQ(back.domain_b, m.domain_b);
  EXPECT_EQ(back.train_size, 64);
  EXPECT_EQ(back.iterations, 1234567890123);
  EXPECT_EQ(back.created, m.created);
  EXPECT_EQ(back.updated.size(), 20u) << back.updated;  // 2026-11-26T16:05:00Z
  EXPECT_EQ(back.training_config, m.training_config);
  EXPECT_EQ(back.training_preset, "quick");
  EXPECT_EQ(back.training_settings, "lr=0.001,start_G=identity");
  EXPECT_EQ(back.training_state, m.training_state);
  EXPECT_TRUE(back.has_training_state);
  for (auto slot : {&ModelFile::g, &ModelFile::f, &ModelFile::d_a, &ModelFile::d_b}) {
    ASSERT_TRUE(back.*slot);
    EXPECT_EQ((back.*slot)->spec(), (m.*slot)->spec());
    EXPECT_TRUE(same_weights(*(m.*slot), *(back.*slot)));
  }
}

TEST_F(ModelFileTest, DistinguishesTheFourNetworks) {
  // G and F with the same architecture must not come back swapped.
  ModelFile m = tiny_model();
  save_model_file(m, path("m.cgan"));
  const ModelFile back = load_model_file(path("m.cgan"));
  auto first = [](Network& n) { return n.parameters().front().flatten()[0].item<float>(); };
  EXPECT_EQ(first(*back.g), first(*m.g));
  EXPECT_EQ(first(*back.f), first(*m.f));
  EXPECT_NE(first(*back.g), first(*back.f));
}

TEST_F(ModelFileTest, BatchNormBuffersAndIntegerCountersSurvive) {
  ModelFile m;
  NetworkSpec spec = NetworkSpec::unet(4, 5);
  spec.norm = NormKind::Batch;
  spec.dropout = true;
  m.f = tiny(spec);
  save_model_file(m, path("bn.cgan"));
  const ModelFile back = load_model_file(path("bn.cgan"));
  EXPECT_FALSE(back.g);
  ASSERT_TRUE(back.f);
  EXPECT_EQ(back.f->spec(), spec);
  EXPECT_TRUE(same_weights(*m.f, *back.f));
  EXPECT_FALSE(back.has_training_state);
  EXPECT_EQ(back.domain_a, "A");
  EXPECT_EQ(back.domain_b, "B");
}

TEST_F(ModelFileTest, TrainingStateCanBeSkipped) {
  save_model_file(tiny_model(), path("m.cgan"));
  const ModelFile back = load_model_file(path("m.cgan"), /*with_training_state=*/false);
  EXPECT_TRUE(back.has_training_state);
  EXPECT_TRUE(back.training_state.empty());
  ASSERT_TRUE(back.g);
}

TEST_F(ModelFileTest, HeaderInfoWithoutWeights) {
  save_model_file(tiny_model(), path("m.cgan"));
  const ModelInfo info = read_model_file_info(path("m.cgan"));
  EXPECT_FALSE(info.official);
  EXPECT_EQ(info.format_version, 1);
  EXPECT_EQ(info.domain_a, "horse");
  EXPECT_TRUE(info.has_a_to_b);
  EXPECT_TRUE(info.has_b_to_a);
  EXPECT_EQ(info.generator, NetworkSpec::resnet(4, 2).describe());
  EXPECT_EQ(info.discriminator, NetworkSpec::nlayer(4, 2).describe());
  const ModelFile m = tiny_model();
  int64_t params = 0;
  for (auto* net : {m.g.get(), m.f.get(), m.d_a.get(), m.d_b.get()})
    for (const auto& p : net->parameters()) params += p.numel();
  EXPECT_EQ(info.parameters, params);
  EXPECT_TRUE(info.has_training_state);
  EXPECT_TRUE(is_model_file(path("m.cgan")));
}

TEST_F(ModelFileTest, NoGeneratorIsRefusedAndTheOldFileKept) {
  save_model_file(tiny_model(), path("m.cgan"));
  const std::string before = read_all(path("m.cgan"));
  ModelFile only_d;
  only_d.d_a = tiny(NetworkSpec::nlayer(4, 1));
  EXPECT_THROW(save_model_file(only_d, path("m.cgan")), InputError);
  EXPECT_EQ(read_all(path("m.cgan")), before);
}

TEST_F(ModelFileTest, NewerFormatIsRefusedWithUpdateAdvice) {
  std::string bytes;
  {
    caffe2::serialize::PyTorchStreamWriter zip([&](const void* d, size_t n) {
      bytes.append(static_cast<const char*>(d), n);
      return n;
    });
    const std::string header = "cyclegan-gimp model\nformat=3\nnet.G=kind=hologram\n";
    zip.writeRecord("header", header.data(), header.size());
    zip.writeEndOfFile();
  }
  write_file_atomically(path("future.cgan"), bytes);
  const std::string msg = load_error(path("future.cgan"));
  EXPECT_NE(msg.find("newer cyclegan-gimp (format 3, this one reads up to 1); update cyclegan-gimp"),
            std::string::npos)
      << msg;
  EXPECT_THROW(read_model_file_info(path("future.cgan")), CheckpointError);
}

TEST_F(ModelFileTest, OtherFilesAreNotModelFiles) {
  const std::string official = cyclegan_fixtures::official("resnet2_ngf8_zip.pth");
  ASSERT_TRUE(fs::exists(official)) << official;
  EXPECT_NE(load_error(official).find("not a cyclegan-gimp model file"), std::string::npos);
  EXPECT_FALSE(is_model_file(official));

  write_file_atomically(path("text.cgan"), "just some text\n");
  EXPECT_NE(load_error(path("text.cgan")).find("not a cyclegan-gimp model file"), std::string::npos);
  write_file_atomically(path("empty.cgan"), "");
  load_error(path("empty.cgan"));
  EXPECT_NE(load_error(path("missing.cgan")).find("Cannot open"), std::string::npos);
}

TEST_F(ModelFileTest, TruncatedFilesGiveCheckpointError) {
  const std::string bytes = model_file_bytes(tiny_model());
  for (size_t cut : {size_t(1), size_t(2), size_t(30), bytes.size() / 7, bytes.size() / 3,
                     bytes.size() / 2, bytes.size() - 100, bytes.size() - 22, bytes.size() - 1}) {
    write_file_atomically(path("cut.cgan"), bytes.substr(0, cut));
    SCOPED_TRACE(cut);
    load_error(path("cut.cgan"));
  }
}

TEST_F(ModelFileTest, DamagedWeightsAreDetected) {
  const ModelFile m = tiny_model();
  std::string bytes = model_file_bytes(m);
  // Find the stored bytes of one weight and flip a bit in them.
  const torch::Tensor w = m.f->parameters().front().contiguous();
  const std::string needle(static_cast<const char*>(w.data_ptr()), 64);
  const size_t at = bytes.find(needle);
  ASSERT_NE(at, std::string::npos);
  bytes[at + 10] ^= 0x01;
  write_file_atomically(path("flip.cgan"), bytes);
  EXPECT_NE(load_error(path("flip.cgan")).find("corrupt"), std::string::npos);
}

// A random-mutation fuzz of the reader: whatever the damage, the result is a model or a
// CheckpointError, never a crash or another exception.
TEST_F(ModelFileTest, RandomDamageNeverCrashes) {
  ModelFile m;
  m.g = tiny(NetworkSpec::resnet(2, 1));
  const std::string bytes = model_file_bytes(m);
  std::mt19937 rng(42);
  int refused = 0;
  for (int trial = 0; trial < 300; ++trial) {
    std::string damaged = bytes;
    const int flips = 1 + static_cast<int>(rng() % 8);
    for (int i = 0; i < flips; ++i) damaged[rng() % damaged.size()] = static_cast<char>(rng());
    if (trial % 3 == 0) damaged.resize(rng() % damaged.size());
    write_file_atomically(path("fuzz.cgan"), damaged);
    try {
      load_model_file(path("fuzz.cgan"));
    } catch (const CheckpointError&) {
      ++refused;
    } catch (const std::exception& e) {
      ADD_FAILURE() << "trial " << trial << ": not a CheckpointError: " << e.what();
    }
  }
  EXPECT_GT(refused, 100);
}
