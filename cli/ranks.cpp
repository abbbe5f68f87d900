#include "cli/ranks.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "base/local_port.h"
#include "cli/arguments.h"
#include "cli/commands.h"

namespace cyclegan::cli {

namespace {

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

int environment_int(const char* name, int fallback, int min, int max) {
  const std::string text = environment(name);
  if (text.empty()) return fallback;
  char* end = nullptr;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (*end != '\0' || value < min || value > max)
    throw UsageError(std::string("the environment variable ") + name + "=" + text + " is not a number from " +
                     std::to_string(min) + " to " + std::to_string(max));
  return static_cast<int>(value);
}

std::vector<pid_t> g_children;

// Ctrl-C in a terminal reaches only the launcher (the ranks have their own process group, so
// that each press reaches them once): pass it on.
void forward_signal(int signal) {
  for (pid_t pid : g_children)
    if (pid > 0) kill(pid, signal);
}

std::string ending(int status) {
  if (WIFSIGNALED(status))
    return std::string("was killed by signal ") + std::to_string(WTERMSIG(status)) + " (" +
           strsignal(WTERMSIG(status)) + ")";
  return "exited with status " + std::to_string(WEXITSTATUS(status));
}

int exit_code(int status) { return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status); }

}  // namespace

bool ranks_from_environment(TrainOptions::Ranks* ranks) {
  if (environment("RANK").empty() || environment("WORLD_SIZE").empty()) return false;
  ranks->world_size = environment_int("WORLD_SIZE", 1, 1, 1 << 20);
  ranks->rank = environment_int("RANK", 0, 0, ranks->world_size - 1);
  const std::string addr = environment("MASTER_ADDR");
  if (!addr.empty()) ranks->master_addr = addr;
  ranks->master_port = environment_int("MASTER_PORT", ranks->master_port, 1, 65535);
  return true;
}

void parse_master(const std::string& text, std::string* addr, int* port) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) throw UsageError("--master takes ADDR:PORT, e.g. node1:29500");
  const std::string digits = text.substr(colon + 1);
  const bool number =
      !digits.empty() && digits.size() <= 5 && digits.find_first_not_of("0123456789") == std::string::npos;
  if (!number || std::stoi(digits) < 1 || std::stoi(digits) > 65535)
    throw UsageError("the port of --master " + text + " is not a number from 1 to 65535");
  *addr = text.substr(0, colon);
  *port = std::stoi(digits);
}

int threads_per_local_rank(int local_ranks) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::max(1, cores / std::max(1, local_ranks));
}

int launch_local_ranks(const LocalRanks& plan, const std::vector<std::string>& train_args) {
  const std::string addr = plan.master_addr.empty() ? "127.0.0.1" : plan.master_addr;
  const int port = plan.master_addr.empty() ? free_local_port() : plan.master_port;
  const int world = plan.nnodes * plan.nproc;
  const int threads = plan.threads > 0 ? plan.threads : threads_per_local_rank(plan.nproc);
  std::vector<std::string> args{"cyclegan", "train"};
  args.insert(args.end(), train_args.begin(), train_args.end());
  if (plan.threads == 0) args.insert(args.end(), {"--threads", std::to_string(threads)});

  std::fflush(nullptr);
  g_children.assign(plan.nproc, 0);
  auto previous_int = std::signal(SIGINT, forward_signal);
  auto previous_term = std::signal(SIGTERM, forward_signal);
  const pid_t launcher = getpid();
  for (int i = 0; i < plan.nproc; ++i) {
    const pid_t pid = fork();
    if (pid < 0)
      throw Error(std::string("Cannot start rank ") + std::to_string(i) + ": " + std::strerror(errno) + ".");
    if (pid == 0) {
      setpgid(0, 0);
      prctl(PR_SET_PDEATHSIG, SIGTERM);  // a launcher that dies takes its ranks along
      if (getppid() != launcher) _exit(1);
      std::signal(SIGINT, SIG_DFL);
      std::signal(SIGTERM, SIG_DFL);
      setenv("RANK", std::to_string(plan.node_rank * plan.nproc + i).c_str(), 1);
      setenv("WORLD_SIZE", std::to_string(world).c_str(), 1);
      setenv("LOCAL_RANK", std::to_string(i).c_str(), 1);
      setenv("LOCAL_WORLD_SIZE", std::to_string(plan.nproc).c_str(), 1);
      setenv("MASTER_ADDR", addr.c_str(), 1);
      setenv("MASTER_PORT", std::to_string(port).c_str(), 1);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv("/proc/self/exe", argv.data());
      std::fprintf(stderr, "cyclegan train: cannot start rank %d: %s.\n", i, std::strerror(errno));
      _exit(kExitFailure);
    }
    g_children[i] = pid;
  }

  // A killed rank makes its peers fail a moment later: the failures of the first second are
  // gathered and one killed by a signal, if any, is named as the cause.
  using Clock = std::chrono::steady_clock;
  int running = plan.nproc, result = kExitOk;
  int cause = -1, cause_status = 0;
  bool reported = false;
  Clock::time_point report_at{}, deadline{};
  while (running > 0 || (cause >= 0 && !reported)) {
    int status = 0;
    const pid_t pid = running > 0 ? waitpid(-1, &status, WNOHANG) : 0;
    if (pid <= 0) {
      const auto now = Clock::now();
      if (cause >= 0 && !reported && (now >= report_at || running == 0)) {
        std::fprintf(stderr, "cyclegan train: rank %d %s; the other ranks stop too.\n", cause,
                     ending(cause_status).c_str());
        reported = true;
      }
      if (cause >= 0 && now > deadline) forward_signal(SIGKILL);
      if (running > 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    int i = 0;
    while (i < plan.nproc && g_children[i] != pid) ++i;
    if (i == plan.nproc) continue;
    g_children[i] = 0;
    --running;
    const int code = exit_code(status);
    if (code == kExitOk) continue;
    // Ranks stopped by Ctrl-C, SIGTERM or SIGHUP (forwarded above) saved and exited with 128 + it.
    if ((code == kExitCancelled || code == 128 + SIGTERM || code == 128 + SIGHUP) && cause < 0) {
      result = code;
      continue;
    }
    if (cause < 0) {
      report_at = Clock::now() + std::chrono::seconds(1);
      deadline = Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(plan.timeout_seconds * 1000) + 10000);
    }
    if (cause < 0 || (!reported && WIFSIGNALED(status) && !WIFSIGNALED(cause_status))) {
      cause = plan.node_rank * plan.nproc + i;
      cause_status = status;
      result = code;
    }
  }
  std::signal(SIGINT, previous_int);
  std::signal(SIGTERM, previous_term);
  return result;
}

}  // namespace cyclegan::cli
