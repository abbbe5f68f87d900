// read_model_info / list_models / display_name: our files (whatever their name) and official
// .pth files, as `cyclegan info` and the plug-in's model list see them.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cstdlib>
#include <filesystem>

#include "core/atomic_file.h"
#include "core/cyclegan.h"
#include "core/model_file.h"
#include "tests/fixture_files.h"

namespace fs = std::filesystem;
using namespace cyclegan;

namespace {

std::string fixture(const std::string& name) { return cyclegan_fixtures::official(name); }

int64_t parameter_count(const NetworkSpec& spec) {
  int64_t n = 0;
  for (const auto& p : make_network(spec)->parameters()) n += p.numel();
  return n;
}

class ModelInfoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/cgan-info-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string save(const std::string& name, const std::string& a, const std::string& b) {
    ModelFile m;
    m.domain_a = a;
    m.domain_b = b;
    m.g = make_network(NetworkSpec::resnet(2, 1));
    save_model_file(m, dir_ + "/" + name);
    return dir_ + "/" + name;
  }
  std::string dir_;
};

}  // namespace

TEST_F(ModelInfoTest, OurFileByExtensionOrByContent) {
  const ModelInfo info = read_model_info(save("h2z.cgan", "horse", "zebra"));
  EXPECT_FALSE(info.official);
  EXPECT_EQ(info.display_name(), "horse \u2194 zebra");
  EXPECT_TRUE(info.has_a_to_b);
  EXPECT_FALSE(info.has_b_to_a);
  // Renamed: recognised by its header, not taken for an official .pth.
  const ModelInfo renamed = read_model_info(save("h2z.pth", "horse", "zebra"));
  EXPECT_FALSE(renamed.official);
  EXPECT_EQ(renamed.format_version, kModelFormatVersion);
}

TEST_F(ModelInfoTest, UntitledDomainsAreNamedAfterTheFile) {
  EXPECT_EQ(read_model_info(save("summer.cgan", "A", "B")).display_name(), "summer (A \u2194 B)");
}

TEST_F(ModelInfoTest, OfficialGenerator) {
  const ModelInfo info = read_model_info(fixture("resnet2_ngf8_legacy.pth"));
  EXPECT_TRUE(info.official);
  EXPECT_EQ(info.format_version, 0);
  EXPECT_EQ(info.generator, NetworkSpec::resnet(8, 2).describe());
  EXPECT_TRUE(info.discriminator.empty());
  EXPECT_TRUE(info.has_a_to_b);
  EXPECT_EQ(info.parameters, parameter_count(NetworkSpec::resnet(8, 2)));
  EXPECT_EQ(info.display_name(), "resnet2_ngf8_legacy.pth");
}

TEST_F(ModelInfoTest, OfficialDiscriminator) {
  const ModelInfo info = read_model_info(fixture("nlayer3_ndf8.pth"));
  EXPECT_TRUE(info.official);
  EXPECT_TRUE(info.generator.empty());
  EXPECT_EQ(info.discriminator, NetworkSpec::nlayer(8, 3).describe());
  EXPECT_FALSE(info.has_a_to_b);
}

TEST_F(ModelInfoTest, MissingAndGarbageFilesAreCheckpointErrors) {
  try {
    read_model_info(dir_ + "/nothing.cgan");
    FAIL();
  } catch (const CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
  }
  write_file_atomically(dir_ + "/garbage.pth", "not a checkpoint at all");
  EXPECT_THROW(read_model_info(dir_ + "/garbage.pth"), CheckpointError);
  write_file_atomically(dir_ + "/garbage.cgan", "not a model at all");
  EXPECT_THROW(read_model_info(dir_ + "/garbage.cgan"), CheckpointError);
  EXPECT_THROW(read_model_info(dir_), CheckpointError);
}

TEST_F(ModelInfoTest, ListModelsSortsAndSkipsWhatIsNotAModel) {
  save("zz.cgan", "cat", "dog");
  save("aa.cgan", "horse", "zebra");
  write_file_atomically(dir_ + "/broken.cgan", "PK\x03\x04 broken");
  write_file_atomically(dir_ + "/notes.txt", "hello");
  fs::create_directory(dir_ + "/folder.cgan");
  const auto models = list_models(dir_);
  ASSERT_EQ(models.size(), 2u);
  EXPECT_EQ(models[0].display_name(), "cat \u2194 dog");
  EXPECT_EQ(models[1].display_name(), "horse \u2194 zebra");
  EXPECT_TRUE(list_models(dir_ + "/no-such-folder").empty());
}

TEST(SampleSheetPath, SitsBesideTheModel) {
  EXPECT_EQ(sample_sheet_path("/models/horse2zebra.cgan"), "/models/horse2zebra-samples.png");
  EXPECT_EQ(sample_sheet_path("style"), "style-samples.png");
  EXPECT_EQ(sample_sheet_path("a.b/official.pth"), "a.b/official-samples.png");
}
