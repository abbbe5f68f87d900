// Threads that follow the cores other programs leave free: the choice, and the real thing
// against busy loops started here.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/compute_setup.h"
#include "core/free_cores.h"

extern char** environ;

namespace {

using cyclegan::threads_for_free_cores;

TEST(FreeCores, TheCoresLeftOverRoundedAndBounded) {
  EXPECT_EQ(threads_for_free_cores(2, 2, 0.0), 2);
  EXPECT_EQ(threads_for_free_cores(2, 2, 0.3), 2);   // a light background program
  EXPECT_EQ(threads_for_free_cores(2, 2, 1.0), 1);   // one core taken
  EXPECT_EQ(threads_for_free_cores(2, 2, 2.0), 1);   // never none
  EXPECT_EQ(threads_for_free_cores(8, 16, 4.0), 8);  // never more than asked
  EXPECT_EQ(threads_for_free_cores(16, 16, 6.4), 10);
  EXPECT_EQ(threads_for_free_cores(2, 2, -0.5), 2);  // counters that went backwards
}

// Busy loops in their own processes, one per core, stopped when the object goes.
class BusyLoops {
 public:
  explicit BusyLoops(int count) {
    for (int i = 0; i < count; ++i) {
      const char* argv[] = {"sh", "-c", "while :; do :; done", nullptr};
      pid_t pid = 0;
      if (posix_spawnp(&pid, "sh", nullptr, nullptr, const_cast<char**>(argv), environ) == 0) pids_.push_back(pid);
    }
  }
  ~BusyLoops() {
    for (pid_t pid : pids_) kill(pid, SIGKILL);
    for (pid_t pid : pids_) waitpid(pid, nullptr, 0);
  }
  size_t count() const { return pids_.size(); }

 private:
  std::vector<pid_t> pids_;
};

TEST(FreeCores, AutomaticThreadsDropToOneWhileOtherProgramsTakeEveryCore) {
  const int cores = static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN));
  if (cores < 2) GTEST_SKIP() << "one processor: nothing to give up";
  const int before = at::get_num_threads();
  cyclegan::configure_threads(0);
  ASSERT_EQ(at::get_num_threads(), static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  {
    BusyLoops loops(cores);
    ASSERT_EQ(loops.count(), static_cast<size_t>(cores));
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    cyclegan::adapt_threads_to_free_cores();
    EXPECT_EQ(at::get_num_threads(), 1);
  }
  at::set_num_threads(before);
}

TEST(FreeCores, AFixedThreadCountStaysWhateverTheLoad) {
  const int cores = static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN));
  if (cores < 2) GTEST_SKIP() << "one processor: nothing to give up";
  const int before = at::get_num_threads();
  cyclegan::configure_threads(2);
  {
    BusyLoops loops(cores);
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    cyclegan::adapt_threads_to_free_cores();
    EXPECT_EQ(at::get_num_threads(), 2);
  }
  at::set_num_threads(before);
}

}  // namespace
