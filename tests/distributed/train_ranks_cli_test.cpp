// The real `cyclegan train` as a two-rank job on 127.0.0.1: --nproc, a resume of its model in
// one process, two "machines" (--nnodes), a killed rank, and a rank whose master never answers.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "base/local_port.h"
#include "core/cyclegan.h"
#include "core/model_file.h"
#include "tests/train_cli_folders.h"

namespace cyclegan {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

class TrainRanks : public TrainCliFolders {
 protected:
  void SetUp() override { make_folders("cyclegan_ranks_", 4, 0.2f, 0.1f, ".png"); }
  std::string common() {
    return "--a " + (dir / "photos").string() + " --b " + (dir / "paintings").string() + " --preset tiny --seed 1 ";
  }
};

TEST_F(TrainRanks, TwoLocalRanksThenResumeOnOne) {
  const std::string model = (dir / "m.cgan").string();
  ASSERT_EQ(run(common() + "--nproc 2 --iterations 3 -o " + model), 0) << err();
  EXPECT_NE(err().find("data-parallel: 2 ranks"), std::string::npos) << err();
  EXPECT_NE(err().find("Done after 3 iterations"), std::string::npos) << err();
  EXPECT_EQ(err().find("Done after", err().find("Done after") + 1), std::string::npos) << "rank 1 reported too";
  EXPECT_EQ(load_model_file(model).iterations, 3);
  EXPECT_TRUE(fs::exists(dir / "m-log.jsonl"));

  ASSERT_EQ(run(common() + "--threads 1 --resume --iterations 5 -o " + model), 0) << err();
  EXPECT_EQ(err().find("data-parallel"), std::string::npos) << err();
  EXPECT_EQ(load_model_file(model).iterations, 5);
}

TEST_F(TrainRanks, TwoMachinesOfOneRankEachMeetAtTheMaster) {
  // Both "machines" here, on the loopback: node 1 in the background, node 0 (the master) here.
  const std::string model = (dir / "n.cgan").string();
  const std::string job = common() + "--threads 1 --iterations 3 --nnodes 2 --master 127.0.0.1:" +
                          std::to_string(free_local_port()) + " -o " + model;
  const std::string node1 = exe + " train " + job + " --node-rank 1 2>" + (dir / "node1.txt").string() + " &";
  ASSERT_EQ(std::system(node1.c_str()), 0);
  ASSERT_EQ(run(job + " --node-rank 0"), 0) << err();
  EXPECT_NE(err().find("data-parallel: 2 ranks"), std::string::npos) << err();
  EXPECT_EQ(load_model_file(model).iterations, 3);
}

TEST_F(TrainRanks, KilledRankEndsTheJobAndKeepsTheModel) {
  const std::string model = (dir / "k.cgan").string();
  const pid_t launcher = fork();
  ASSERT_GE(launcher, 0);
  if (launcher == 0) {
    std::freopen((dir / "stderr.txt").c_str(), "w", stderr);
    execl(exe.c_str(), exe.c_str(), "train", "--a", (dir / "photos").c_str(), "--b", (dir / "paintings").c_str(),
          "--preset", "tiny", "--nproc", "2", "--threads", "1", "--minutes", "5", "--save-every", "0.001",
          "--rank-timeout", "20", "-o", model.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Once a model is saved, kill the second rank (the launcher's second child).
  auto deadline = Clock::now() + std::chrono::seconds(60);
  while (Clock::now() < deadline && !fs::exists(model)) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_TRUE(fs::exists(model)) << err();
  std::ifstream children("/proc/" + std::to_string(launcher) + "/task/" + std::to_string(launcher) + "/children");
  pid_t rank0 = 0, rank1 = 0;
  children >> rank0 >> rank1;
  ASSERT_GT(rank1, 0) << "no second rank";
  kill(rank1, SIGKILL);
  const auto killed = Clock::now();
  int status = 0;
  waitpid(launcher, &status, 0);
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - killed).count(), 30);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_NE(WEXITSTATUS(status), 0);
  EXPECT_NE(err().find("rank 1 was killed by signal 9"), std::string::npos) << err();
  EXPECT_GE(load_model_file(model).iterations, 1);  // the last save, whole
}

TEST_F(TrainRanks, MasterThatNeverAnswersIsAClearError) {
  const auto start = Clock::now();
  EXPECT_EQ(run(common() + "--threads 1 --iterations 2 --rank-timeout 2 -o " + (dir / "w.cgan").string(),
                "RANK=1 WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 MASTER_PORT=9"), 1);
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - start).count(), 30);
  EXPECT_NE(err().find("Rank 1 could not reach the master at 127.0.0.1:9"), std::string::npos) << err();
  EXPECT_FALSE(fs::exists(dir / "w.cgan"));
}

}  // namespace
}  // namespace cyclegan
