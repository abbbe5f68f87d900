// The real `cyclegan train` command: a tiny run, usage and input errors with their exit codes,
// Ctrl-C (SIGINT) and SIGTERM that save the model, and a disk that fills up during the run.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/cyclegan.h"
#include "core/model_file.h"
#include "tests/train_cli_folders.h"

namespace cyclegan {
namespace {

namespace fs = std::filesystem;

class TrainCli : public TrainCliFolders {
 protected:
  void SetUp() override { make_folders("cyclegan_train_cli_", 2, 0.3f, 0.2f, ".jpg"); }
  std::string common() {
    return "--a " + (dir / "photos").string() + " --b " + (dir / "paintings").string() +
           " --preset tiny --threads 1 --seed 1 ";
  }
};

TEST_F(TrainCli, TinyRunWritesModelAndCompanions) {
  ASSERT_EQ(run(common() + "--iterations 3 -o " + (dir / "style.cgan").string()), 0) << err();
  EXPECT_NE(err().find("preset tiny"), std::string::npos) << err();
  EXPECT_NE(err().find("Done after 3 iterations"), std::string::npos) << err();
  // Into a file, progress comes as whole lines (a log), never as a bar redrawn with carriage returns.
  EXPECT_EQ(err().find('\r'), std::string::npos) << err();
  EXPECT_NE(err().find("it 3/3"), std::string::npos) << err();
  ModelFile m = load_model_file((dir / "style.cgan").string());
  EXPECT_EQ(m.iterations, 3);
  EXPECT_EQ(m.domain_a, "photos");
  EXPECT_EQ(m.domain_b, "paintings");
  EXPECT_TRUE(fs::exists(dir / "style-log.jsonl"));
  EXPECT_TRUE(fs::exists(dir / "style-samples.png"));
  EXPECT_TRUE(fs::exists(dir / "style-losses.png"));
  // Three iterations from the identity start change nothing visible: the user is told so, with
  // what to try, at the end of the run and by `cyclegan info` later.
  EXPECT_NE(err().find("warning: The model learned almost nothing"), std::string::npos) << err();
  EXPECT_NE(err().find("Train longer"), std::string::npos) << err();
  EXPECT_NE(m.learning_check.find("learned almost nothing"), std::string::npos) << m.learning_check;
  const std::string info = exe + " info " + (dir / "style.cgan").string() + " >" + (dir / "info.txt").string();
  ASSERT_EQ(std::system(info.c_str()), 0);
  std::ifstream info_text(dir / "info.txt");
  const std::string shown(std::istreambuf_iterator<char>(info_text), {});
  EXPECT_NE(shown.find("learned:         The model learned almost nothing"), std::string::npos) << shown;
  // Resume continues to 5.
  ASSERT_EQ(run(common() + "--iterations 5 --resume -o " + (dir / "style.cgan").string()), 0) << err();
  EXPECT_EQ(load_model_file((dir / "style.cgan").string()).iterations, 5);
}

TEST_F(TrainCli, UsageAndInputErrors) {
  EXPECT_EQ(run("--b x -o y.cgan"), 2);
  EXPECT_NE(err().find("--a"), std::string::npos) << err();
  EXPECT_EQ(run(common() + "--preset enormous -o " + (dir / "m.cgan").string()), 2);
  EXPECT_EQ(run("--a " + (dir / "nowhere").string() + " --b " + (dir / "paintings").string() +
                " --preset tiny --iterations 1 -o " + (dir / "m.cgan").string()), 1);
  EXPECT_NE(err().find("nowhere"), std::string::npos) << err();
  EXPECT_EQ(run(common() + "--iterations 1 -o " + (dir / "no" / "m.cgan").string()), 1);
  EXPECT_NE(err().find("does not exist"), std::string::npos) << err();
  EXPECT_FALSE(fs::exists(dir / "m.cgan"));
  // Bad values are bad command lines (2), found before any image is read.
  EXPECT_EQ(run(common() + "--iterations 0 -o " + (dir / "m.cgan").string()), 2);
  EXPECT_NE(err().find("--iterations must be a whole number from 1"), std::string::npos) << err();
  EXPECT_EQ(run(common() + "--iterations 1 --set lr=fast -o " + (dir / "m.cgan").string()), 2);
  EXPECT_NE(err().find("lr"), std::string::npos) << err();
  EXPECT_EQ(err().find(".."), std::string::npos) << err();
  EXPECT_EQ(run(common() + "--iterations 1 --device gpu -o " + (dir / "m.cgan").string()), 2);
  EXPECT_NE(err().find("unknown device \"gpu\""), std::string::npos) << err();
  // The same folder twice has nothing to learn.
  EXPECT_EQ(run("--a " + (dir / "photos").string() + " --b " + (dir / "photos/").string() +
                " --preset tiny --iterations 1 -o " + (dir / "m.cgan").string()), 1);
  EXPECT_NE(err().find("same folder"), std::string::npos) << err();
  EXPECT_FALSE(fs::exists(dir / "m.cgan"));
}

// Starts a 5-minute run writing `model` and returns once it has logged its first iteration.
pid_t start_long_run(const std::string& exe, const fs::path& dir, const std::string& model) {
  const pid_t pid = fork();
  if (pid == 0) {
    std::freopen("/dev/null", "w", stderr);
    execl(exe.c_str(), exe.c_str(), "train", "--a", (dir / "photos").c_str(), "--b", (dir / "paintings").c_str(),
          "--preset", "tiny", "--threads", "1", "--minutes", "5", "--log", (dir / "log.jsonl").c_str(), "-o",
          model.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline &&
         !(fs::exists(dir / "log.jsonl") && fs::file_size(dir / "log.jsonl") > 0))
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  return pid;
}

// Files whose name says they are a model's temporary ("m.cgan.tmp-...").
int temporaries_in(const fs::path& dir) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir)) n += e.path().filename().string().find(".tmp-") != std::string::npos;
  return n;
}

// A stopped run exits with `code`, the model holds what was trained, and no temporary is left.
void expect_saved_on_exit(pid_t pid, int code, const std::string& model, const fs::path& dir) {
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), code);
  EXPECT_GE(load_model_file(model).iterations, 1);
  EXPECT_EQ(temporaries_in(dir), 0);
}

TEST_F(TrainCli, CtrlCTwiceStillSavesAndExits130) {
  const std::string model = (dir / "int.cgan").string();
  const pid_t pid = start_long_run(exe, dir, model);
  ASSERT_GT(pid, 0);
  // A double press (0.2 s apart) still saves: the second only says that the save is coming.
  kill(pid, SIGINT);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  kill(pid, SIGINT);
  expect_saved_on_exit(pid, 130, model, dir);
}

// `kill`, a batch scheduler's time limit or a shutdown send SIGTERM: the run is saved as for
// Ctrl-C, and the exit status says which signal stopped it.
TEST_F(TrainCli, SigtermSavesAndExits143) {
  const std::string model = (dir / "term.cgan").string();
  const pid_t pid = start_long_run(exe, dir, model);
  ASSERT_GT(pid, 0);
  kill(pid, SIGTERM);
  expect_saved_on_exit(pid, 143, model, dir);
}

// The disk fills up during a long run: the first periodic save finds out, the run stops there
// with one sentence, and the model file keeps the last good save. The full disk is made
// without privileges: a file-size limit smaller than the model makes write(2) fail (EFBIG) as
// ENOSPC would; the loss log goes elsewhere, as on a second disk.
TEST_F(TrainCli, FullDiskAtAPeriodicSaveStopsAndKeepsTheLastModel) {
  const fs::path models = dir / "models";
  fs::create_directories(models);
  const std::string model = (models / "full.cgan").string();
  ASSERT_EQ(run(common() + "--iterations 2 -o " + model), 0) << err();
  std::ifstream before_in(model, std::ios::binary);
  const std::string before(std::istreambuf_iterator<char>(before_in), {});
  ASSERT_GT(before.size(), 4096u);

  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::signal(SIGXFSZ, SIG_IGN);  // inherited through exec: write(2) fails instead of killing
    rlimit limit{before.size() / 2, before.size() / 2};
    setrlimit(RLIMIT_FSIZE, &limit);
    std::freopen((dir / "stderr.txt").c_str(), "w", stderr);
    execl(exe.c_str(), exe.c_str(), "train", "--a", (dir / "photos").c_str(), "--b", (dir / "paintings").c_str(),
          "--preset", "tiny", "--threads", "1", "--minutes", "5", "--save-every", "0.01", "--samples-every", "0",
          "--log", (dir / "log.jsonl").c_str(), "--samples", (dir / "samples.png").c_str(), "--plot",
          (dir / "losses.png").c_str(), "-o", model.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto start = std::chrono::steady_clock::now();
  int status = 0;
  waitpid(pid, &status, 0);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1) << err();
  EXPECT_LT(seconds, 120) << "the run went on after the failed save";
  EXPECT_NE(err().find("Could not save " + model), std::string::npos) << err();
  EXPECT_NE(err().find("Training stopped at iteration"), std::string::npos) << err();
  std::ifstream after_in(model, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(after_in), {}), before) << "the last good model was lost";
  EXPECT_EQ(temporaries_in(models), 0);
}

// Memory runs out (here: a 1.5 GB address-space limit against 2048 px training crops): one
// sentence with what to do instead of the allocator's text, and the model saved before is kept.
TEST_F(TrainCli, OutOfMemoryIsOneSentenceAndKeepsTheModel) {
  const std::string model = (dir / "mem.cgan").string();
  ASSERT_EQ(run(common() + "--iterations 1 -o " + model), 0) << err();
  std::ifstream before_in(model, std::ios::binary);
  const std::string before(std::istreambuf_iterator<char>(before_in), {});
  const std::string cmd = "ulimit -v 1500000; " + exe + " train " + common() + "--iterations 2 --size 2048 -o " +
                          model + " 2>" + (dir / "stderr.txt").string() + " >/dev/null";
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1) << err();
  EXPECT_NE(err().find("Not enough memory to train with these settings: choose a smaller training size"),
            std::string::npos) << err();
  EXPECT_EQ(err().find("unexpected error"), std::string::npos) << err();
  std::ifstream after_in(model, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(after_in), {}), before);
}

}  // namespace
}  // namespace cyclegan
