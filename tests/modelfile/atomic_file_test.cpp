// write_file_atomically and its temporaries: the previous file survives every failure, and no
// temporary is left, not even by a process killed in the middle of a save.
#include "core/atomic_file.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/errors.h"
#include "core/temporary_files.h"
#include "tests/modelfile/model_file_checks.h"

namespace fs = std::filesystem;
using cyclegan::OutputError;
using cyclegan::replace_with_temporary;
using cyclegan::write_file_atomically;

namespace {

using cyclegan_checks::read_all;

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
  // The error of saving `bytes` to `path`, which must fail.
  static OutputError failed_save(const std::string& path, const std::string& bytes = "x") {
    try {
      write_file_atomically(path, bytes);
    } catch (const OutputError& e) {
      return e;
    }
    ADD_FAILURE() << "saving " << bytes.size() << " bytes to " << path << " did not fail";
    return OutputError("no error");
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
  const OutputError e = failed_save(path);
  EXPECT_STREQ(e.what(), ("Could not save " + path + ": the folder " + dir_ +
                          "/no/such/folder does not exist; any previous file there is unchanged.")
                             .c_str());
  // Kept as a format and its arguments, so the plug-in can show the sentence translated.
  ASSERT_EQ(e.sentences().size(), 1u);
  EXPECT_NE(*e.sentences()[0].format, '\0');
  EXPECT_EQ(e.sentences()[0].args, (std::vector<std::string>{path, dir_ + "/no/such/folder"}));
  EXPECT_EQ(entries(), 0);
}

// A periodic save that fails ends the training run: the same sentence, then one that names the
// iteration.
TEST_F(AtomicFile, SaveFailureThatEndsTrainingNamesTheIteration) {
  const std::string path = dir_ + "/gone/model.cgan";
  const OutputError stopped(cyclegan::training_stopped_by(failed_save(path), 120));
  EXPECT_STREQ(stopped.what(), ("Could not save " + path + ": the folder " + dir_ +
                                "/gone does not exist; any previous file there is unchanged. Training stopped "
                                "at iteration 120.")
                                   .c_str());
  ASSERT_EQ(stopped.sentences().size(), 2u);
  EXPECT_EQ(stopped.sentences()[1].args, std::vector<std::string>{"120"});
  // Any other message keeps its text.
  const OutputError other(cyclegan::training_stopped_by(OutputError("Cannot draw the plot: out of memory."), 7));
  EXPECT_STREQ(other.what(), "Cannot draw the plot: out of memory. Training stopped at iteration 7.");
}

// What GEGL's image savers use: a temporary file written by someone else takes the target's place.
TEST_F(AtomicFile, ATemporaryWrittenElsewhereReplacesTheTarget) {
  const std::string path = dir_ + "/plot.png", temp = dir_ + "/.plot.png.tmp";
  std::ofstream(path) << "old";
  std::ofstream(temp) << "new";
  replace_with_temporary(temp, path);
  EXPECT_EQ(read_all(path), "new");
  EXPECT_EQ(entries(), 1);
  try {
    replace_with_temporary(temp, path);  // gone now
    FAIL() << "no error";
  } catch (const OutputError& e) {
    EXPECT_NE(std::string(e.what()).find("Could not save " + path), std::string::npos) << e.what();
  }
  EXPECT_EQ(read_all(path), "new");
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
  const OutputError e = failed_save(path, std::string(1 << 20, 'x'));  // 1 MiB into 64 KiB
  EXPECT_NE(std::string(e.what()).find("disk is full"), std::string::npos) << e.what();
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

// A save killed outright (SIGKILL, power cut) leaves its temporary, named with its process id;
// the next save of the same file removes it, and only it: not a temporary of a running process
// (another save in progress), not a user's file that merely looks alike.
TEST_F(AtomicFile, NextSaveRemovesTemporariesOfDeadProcessesOnly) {
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) _exit(0);
  ASSERT_EQ(waitpid(child, nullptr, 0), child);  // its pid now names no process
  const std::string dead = dir_ + "/model.cgan.tmp-" + std::to_string(child) + "-a1B2c3";
  const std::string running = dir_ + "/model.cgan.tmp-" + std::to_string(getppid()) + "-a1B2c3";
  const std::string users = dir_ + "/model.cgan.tmp-" + std::to_string(child) + "-notes.txt";
  for (const auto& p : {dead, running, users}) std::ofstream(p) << "partial";
  write_file_atomically(dir_ + "/model.cgan", "new model");
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_TRUE(fs::exists(running));
  EXPECT_TRUE(fs::exists(users));
  EXPECT_EQ(read_all(dir_ + "/model.cgan"), "new model");
}

// SIGTERM in the middle of a write: the termination handler removes the pending temporary, and
// the process still ends as killed by SIGTERM.
TEST_F(AtomicFile, SigtermRemovesPendingTemporaries) {
  const std::string temporary = dir_ + "/model.cgan.tmp-partial";
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    cyclegan::remove_temporaries_on_termination();
    std::ofstream(temporary) << "half a model";
    cyclegan::PendingTemporary pending(temporary);
    if (write(ready[1], "x", 1) != 1) _exit(3);
    for (;;) pause();
  }
  char c;
  ASSERT_EQ(read(ready[0], &c, 1), 1);
  ASSERT_TRUE(fs::exists(temporary));
  kill(child, SIGTERM);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
  EXPECT_FALSE(fs::exists(temporary));
  close(ready[0]);
  close(ready[1]);
}

TEST_F(AtomicFile, PendingTemporaryIsRemovedUnlessReleased) {
  const std::string kept = dir_ + "/kept", dropped = dir_ + "/dropped";
  std::ofstream(kept) << "x";
  std::ofstream(dropped) << "x";
  {
    cyclegan::PendingTemporary a(kept), b(dropped);
    a.release();
  }
  EXPECT_TRUE(fs::exists(kept));
  EXPECT_FALSE(fs::exists(dropped));
}
