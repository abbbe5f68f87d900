// write_file_atomically: the previous file survives every failure, and no temporary is left.
#include "core/atomic_file.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/errors.h"

namespace fs = std::filesystem;
using cyclegan::OutputError;
using cyclegan::write_file_atomically;

namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class AtomicFile : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/cgan-atomic-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    if (mounted_) umount2(dir_.c_str(), MNT_DETACH);
    fs::remove_all(dir_);
  }
  int entries() const {
    int n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++n;
    return n;
  }
  std::string dir_;
  bool mounted_ = false;
};

}  // namespace

TEST_F(AtomicFile, WritesThenReplacesWithoutLeavingTemporaries) {
  const std::string path = dir_ + "/model.cgan";
  write_file_atomically(path, std::string("first\0bytes", 11));
  EXPECT_EQ(read_all(path), std::string("first\0bytes", 11));
  write_file_atomically(path, "second");
  EXPECT_EQ(read_all(path), "second");
  EXPECT_EQ(entries(), 1);
}

TEST_F(AtomicFile, MissingFolderIsOneClearSentence) {
  const std::string path = dir_ + "/no/such/folder/model.cgan";
  try {
    write_file_atomically(path, "x");
    FAIL() << "no error";
  } catch (const OutputError& e) {
    EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  EXPECT_EQ(entries(), 0);
}

TEST_F(AtomicFile, TargetThatIsAFolderIsRefused) {
  fs::create_directory(dir_ + "/taken");
  EXPECT_THROW(write_file_atomically(dir_ + "/taken", "x"), OutputError);
  EXPECT_TRUE(fs::is_directory(dir_ + "/taken"));
}

// A real full disk: a 64 KiB tmpfs. Needs root and mount(2) (true on our CI machine, which runs
// as root); elsewhere the injected failure below covers the same code path.
TEST_F(AtomicFile, DiskFullKeepsThePreviousFile) {
  if (mount("tmpfs", dir_.c_str(), "tmpfs", 0, "size=64k") != 0)
    GTEST_SKIP() << "cannot mount a tmpfs here (not root?)";
  mounted_ = true;
  const std::string path = dir_ + "/model.cgan";
  write_file_atomically(path, "old model");
  try {
    write_file_atomically(path, std::string(1 << 20, 'x'));
    FAIL() << "a 1 MiB write fitted in 64 KiB";
  } catch (const OutputError& e) {
    EXPECT_NE(std::string(e.what()).find("disk is full"), std::string::npos) << e.what();
  }
  EXPECT_EQ(read_all(path), "old model");
  EXPECT_EQ(entries(), 1) << "temporary file left behind";
}

// A write that fails half-way, without privileges: RLIMIT_FSIZE makes write(2) fail with EFBIG.
// Run in a child so that the limit cannot hit anything else in this process.
TEST_F(AtomicFile, FailedWriteKeepsThePreviousFile) {
  const std::string path = dir_ + "/model.cgan";
  write_file_atomically(path, "old model");
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit{4096, 4096};
    setrlimit(RLIMIT_FSIZE, &limit);
    try {
      write_file_atomically(path, std::string(100000, 'x'));
      _exit(1);  // should have failed
    } catch (const OutputError&) {
      _exit(0);
    } catch (...) {
      _exit(2);
    }
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: no error, 2: wrong exception type";
  EXPECT_EQ(read_all(path), "old model");
  EXPECT_EQ(entries(), 1) << "temporary file left behind";
}
