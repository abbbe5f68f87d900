// `cyclegan info` and `cyclegan import` run as a user runs them: the built binary (CYCLEGAN_BIN,
// set by meson) on the official fixtures, checking output, exit status and the written file.
#include <gtest/gtest.h>
#include <torch/torch.h>
#include <caffe2/serialize/inline_container.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sys/wait.h>

#include "core/atomic_file.h"
#include "core/model_file.h"
#include "models/official_checkpoint.h"
#include "tests/fixture_files.h"
#include "tests/modelfile/model_file_checks.h"

namespace fs = std::filesystem;
using namespace cyclegan;

namespace {

using cyclegan_checks::same_weights;

std::string fixture(const std::string& name) { return cyclegan_fixtures::official(name); }

struct CliResult {
  int status = -1;
  std::string output;  // stdout and stderr
};

// Arguments are single-quoted for the shell; none of ours contains a quote.
CliResult run_cli(const std::string& args) {
  const char* bin = std::getenv("CYCLEGAN_BIN");
  if (!bin) ADD_FAILURE() << "CYCLEGAN_BIN is not set (run through meson test)";
  CliResult r;
  FILE* pipe = popen((std::string("'") + (bin ? bin : "cyclegan") + "' " + args + " 2>&1").c_str(), "r");
  if (!pipe) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) r.output.append(buf, n);
  const int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/cgan-cli-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir_;
};

}  // namespace

TEST_F(Cli, InfoOnAnOfficialGenerator) {
  const CliResult r = run_cli("info '" + fixture("resnet2_ngf8_legacy.pth") + "'");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "official CycleGAN checkpoint")) << r.output;
  EXPECT_TRUE(contains(r.output, NetworkSpec::resnet(8, 2).describe())) << r.output;
}

TEST_F(Cli, InfoOnAnOfficialDiscriminatorSaysItCannotTranslate) {
  const CliResult r = run_cli("info '" + fixture("nlayer3_ndf8.pth") + "'");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "it is a discriminator and cannot translate")) << r.output;
  EXPECT_FALSE(contains(r.output, "translate with it directly")) << r.output;
}

TEST_F(Cli, InfoReportsADamagedTrainingState) {
  ModelFile m;
  m.g = make_network(NetworkSpec::resnet(4, 1));
  m.training_state = std::string(3000, 's') + "the trainer's bytes" + std::string(3000, 't');
  std::string bytes = model_file_bytes(m);
  const std::string file = dir_ + "/m.cgan";
  write_file_atomically(file, bytes);
  CliResult r = run_cli("info '" + file + "'");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "training state:  yes")) << r.output;

  const size_t at = bytes.find("the trainer's bytes");
  ASSERT_NE(at, std::string::npos);
  bytes[at] ^= 0x01;
  write_file_atomically(file, bytes);
  r = run_cli("info '" + file + "'");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "training state:  damaged: translate works, resume does not")) << r.output;

  r = run_cli("translate --threads 1 -m '" + file + "' '" + cyclegan_fixtures::photo("dune.jpg") + "' '" +
              dir_ + "/out.png'");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(fs::exists(dir_ + "/out.png")) << r.output;
}

TEST_F(Cli, TranslateAndInfoGiveTheSameNewerFormatSentence) {
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
  const std::string file = dir_ + "/future.cgan";
  write_file_atomically(file, bytes);
  const CliResult info = run_cli("info '" + file + "'");
  const CliResult translate = run_cli("translate -m '" + file + "' '" +
                                      cyclegan_fixtures::photo("dune.jpg") + "' '" + dir_ + "/out.png'");
  EXPECT_EQ(info.status, 1) << info.output;
  EXPECT_EQ(translate.status, 1) << translate.output;
  const std::string sentence = file + " was written by a newer cyclegan-gimp (format 3, this one reads "
                               "up to 1); update cyclegan-gimp.";
  EXPECT_TRUE(contains(info.output, sentence)) << info.output;
  EXPECT_TRUE(contains(translate.output, sentence)) << translate.output;
}

TEST_F(Cli, ImportThenInfo) {
  const std::string out = dir_ + "/h2z.cgan";
  const CliResult imp = run_cli("import --g-a '" + fixture("resnet2_ngf8_zip.pth") + "' --g-b '" +
                           fixture("resnet6_ngf8.pth") + "' -o '" + out + "'");
  // G_A and G_B from different architectures are refused: they cannot be one training run.
  EXPECT_EQ(imp.status, 1) << imp.output;
  EXPECT_TRUE(contains(imp.output, "different architectures")) << imp.output;
  EXPECT_FALSE(fs::exists(out));

  const CliResult ok = run_cli("import --g-a '" + fixture("resnet2_ngf8_zip.pth") + "' --g-b '" +
                          fixture("resnet2_ngf8_legacy.pth") + "' --d-a '" +
                          fixture("nlayer3_ndf8.pth") + "' --d-b '" + fixture("pixel_ndf8.pth") +
                          "' --domain-a horse --domain-b zebra --size 256 -o '" + out + "'");
  ASSERT_EQ(ok.status, 0) << ok.output;

  const CliResult info = run_cli("info '" + out + "'");
  EXPECT_EQ(info.status, 0) << info.output;
  const std::vector<std::string> expected = {
      "cyclegan-gimp model (format 1)", "A = horse, B = zebra", "G: horse -> zebra",
      "F: zebra -> horse", "256 px", "training state:  no", NetworkSpec::resnet(8, 2).describe(),
      NetworkSpec::nlayer(8, 3).describe()};
  for (const std::string& part : expected)
    EXPECT_TRUE(contains(info.output, part)) << "missing \"" << part << "\" in\n" << info.output;

  // The official meaning of the names is kept: G_A is our G, G_B our F, D_A our d_a, bit for bit.
  const ModelFile m = load_model_file(out);
  ASSERT_TRUE(m.g && m.f && m.d_a && m.d_b);
  EXPECT_TRUE(same_weights(*m.g, *load_official_network(fixture("resnet2_ngf8_zip.pth"))));
  EXPECT_TRUE(same_weights(*m.f, *load_official_network(fixture("resnet2_ngf8_legacy.pth"))));
  EXPECT_EQ(m.d_a->spec(), NetworkSpec::nlayer(8, 3));
  EXPECT_EQ(m.d_b->spec().kind, NetKind::PixelDiscriminator);
  EXPECT_TRUE(same_weights(*m.d_b, *load_official_network(fixture("pixel_ndf8.pth"))));
}

TEST_F(Cli, ImportOfOneDirection) {
  // The fixtures with the same architecture share their weights, so the mapping G_B -> F is
  // proven with a file that holds F alone.
  const std::string out = dir_ + "/f_only.cgan";
  const CliResult r = run_cli("import --g-b '" + fixture("resnet2_ngf8_batchnorm.pth") + "' -o '" + out + "'");
  ASSERT_EQ(r.status, 0) << r.output;
  const ModelFile m = load_model_file(out);
  EXPECT_FALSE(m.g);
  ASSERT_TRUE(m.f);
  EXPECT_TRUE(same_weights(*m.f, *load_official_network(fixture("resnet2_ngf8_batchnorm.pth"))));
  const CliResult info = run_cli("info '" + out + "'");
  EXPECT_TRUE(contains(info.output, "F: B -> A")) << info.output;
  EXPECT_FALSE(contains(info.output, "G: A -> B")) << info.output;
}

TEST_F(Cli, ImportRefusesADiscriminatorAsGenerator) {
  const CliResult r = run_cli("import --g-a '" + fixture("nlayer3_ndf8.pth") + "' -o '" + dir_ + "/x.cgan'");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "G_A needs a generator")) << r.output;
}

TEST_F(Cli, ErrorsAreOneSentenceWithTheRightStatus) {
  CliResult r = run_cli("info '" + dir_ + "/missing.cgan'");
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.output, dir_ + "/missing.cgan")) << r.output;

  write_file_atomically(dir_ + "/garbage.pth", "definitely not a checkpoint");
  r = run_cli("info '" + dir_ + "/garbage.pth'");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_FALSE(contains(r.output, "unexpected error")) << r.output;

  r = run_cli("import --g-a '" + dir_ + "/garbage.pth' -o '" + dir_ + "/x.cgan'");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_FALSE(fs::exists(dir_ + "/x.cgan"));

  r = run_cli("import --g-a '" + fixture("resnet2_ngf8_zip.pth") + "' -o '" + dir_ +
               "/no/folder/x.cgan'");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "does not exist")) << r.output;

  EXPECT_EQ(run_cli("info").status, 2);
  EXPECT_EQ(run_cli("info --bogus x").status, 2);
  EXPECT_EQ(run_cli("import --g-a '" + fixture("resnet2_ngf8_zip.pth") + "'").status, 2);
  EXPECT_EQ(run_cli("import -o '" + dir_ + "/x.cgan'").status, 2);
  EXPECT_EQ(run_cli("import --g-a x --size big -o y").status, 2);
  EXPECT_EQ(run_cli("no-such-command").status, 2);

  r = run_cli("import --help");
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(contains(r.output, "--domain-a NAME")) << r.output;
}
