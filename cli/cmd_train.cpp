// `cyclegan train`: trains G (A->B) and F (B->A) from two folders through cyclegan::train, with
// a progress bar on stderr, the loss log, sample sheet and loss plot next to the model, and
// Ctrl-C that saves the model trained so far and exits 130 (SIGTERM and SIGHUP: the same, 143
// and 129).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/ranks.h"
#include "core/cyclegan.h"
#include "core/image_folder.h"
#include "core/temporary_files.h"

namespace cyclegan::cli {

namespace {

std::atomic<bool> g_interrupted{false};
std::atomic<int> g_stop_signal{0};  // the signal that asked to stop: its exit status is 128 + it

// First Ctrl-C: finish the iteration, save, exit 130. A second one (often a double press) only
// says that the save is coming, so that the run is not lost; a third quits at once, unsaved,
// removing the half-written model temporary.
std::atomic<int> g_presses{0};

void on_sigint(int) {
  g_interrupted = true;
  int none = 0;
  g_stop_signal.compare_exchange_strong(none, SIGINT);
  const int presses = ++g_presses;
  if (presses == 2) {
    static const char kMessage[] = "\nSaving the model trained so far; press Ctrl-C again to quit without saving.\n";
    const ssize_t ignored = write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
    (void)ignored;
  } else if (presses >= 3) {
    remove_pending_temporaries();
    std::signal(SIGINT, SIG_DFL);
    std::raise(SIGINT);
  }
}

// SIGTERM (kill, a batch scheduler's time limit, a shutdown) and SIGHUP (the terminal closed)
// stop like a Ctrl-C: the model trained so far is saved, then exit 128 + the signal.
void on_termination(int signal_number) {
  g_interrupted = true;
  int none = 0;
  g_stop_signal.compare_exchange_strong(none, signal_number);
}

// "out/model.cgan" -> "out/model" (for the files written next to the model).
std::string stem(const std::string& path) { return std::filesystem::path(path).replace_extension().string(); }

// On a terminal a bar redrawn in place four times a second; into a file or a pipe (a log, a
// batch job) one whole line every ten seconds, so the log reads line by line.
class ProgressBar {
 public:
  void update(const TrainProgress& p) {
    const auto now = std::chrono::steady_clock::now();
    const auto interval = terminal_ ? std::chrono::milliseconds(250) : std::chrono::milliseconds(10000);
    if (p.total_iterations == 0) {  // the images are still loading: their own line
      if (shown_ && now - last_ < interval && p.fraction < 1) return;
      last_ = now;
      std::fprintf(stderr, terminal_ ? "\r%-100s" : "%s\n", p.text.c_str());
      std::fflush(stderr);
      shown_ = true;
      return;
    }
    if (shown_ && now - last_ < interval && p.iteration < p.total_iterations) return;
    last_ = now;
    const double f = p.total_iterations > 0 ? static_cast<double>(p.iteration) / p.total_iterations : 0;
    const int width = 24, filled = static_cast<int>(f * width + 0.5);
    std::string bar(filled, '#');
    bar.append(width - filled, '.');
    double g = 0, d = 0, cyc = 0;
    for (const auto& [name, v] : p.losses) {
      if (name == "G_A" || name == "G_B") g += v;
      if (name == "D_A" || name == "D_B") d += v;
      if (name == "cycle_A" || name == "cycle_B") cyc += v;
    }
    const int eta = static_cast<int>(p.eta_seconds);
    std::fprintf(stderr, "%s[%s] %3d%%  it %lld/%lld  ep %lld  %.1f img/s  ETA %d:%02d  G %.3f D %.3f cyc %.3f%s",
                 terminal_ ? "\r" : "", bar.c_str(), static_cast<int>(f * 100), static_cast<long long>(p.iteration),
                 static_cast<long long>(p.total_iterations), static_cast<long long>(p.epoch), p.images_per_second,
                 eta / 60, eta % 60, g, d, cyc, terminal_ ? " " : "\n");
    std::fflush(stderr);
    shown_ = true;
  }
  void finish() {
    if (shown_ && terminal_) std::fprintf(stderr, "\n");
  }

 private:
  const bool terminal_ = isatty(STDERR_FILENO) != 0;
  std::chrono::steady_clock::time_point last_{};
  bool shown_ = false;
};

}  // namespace

int run_train(int argc, char** argv) {
  static const std::string set_help = [] {
    std::string keys;
    for (const auto& k : train_setting_keys()) keys += (keys.empty() ? "" : ", ") + k;
    return "change hyper-parameters by official name: " + keys;
  }();
  Arguments args("train", "--a DIR --b DIR -o MODEL [options]",
                 "Trains a CycleGAN (G: A->B and F: B->A) from two folders of unpaired images.",
                 {{"--a", "DIR", "domain A images (searched recursively)"},
                  {"--b", "DIR", "domain B images"},
                  {"-o, --output", "MODEL", "model file to write (.cgan), saved atomically"},
                  {"--preset", "NAME", "quick (default) or paper (the official recipe)"},
                  {"--minutes", "M", "stop after M minutes"},
                  {"--epochs", "N", "stop after N epochs in all (default: the preset's)"},
                  {"--iterations", "N", "stop after N iterations in all"},
                  {"--size", "PX", "training crop size (default: the preset's)"},
                  {"--set", "K=V,...", set_help.c_str()},
                  {"--resume", nullptr, "continue the training stored in MODEL exactly"},
                  {"--seed", "S", "random seed (same seed + --threads 1 on CPU = same model)"},
                  {"--threads", "T", "CPU threads, fixed (default: the cores other programs leave free)"},
                  {"--device", "D", "auto, cpu or cuda"},
                  {"--name-a", "NAME", "name of domain A (default: its folder's name)"},
                  {"--name-b", "NAME", "name of domain B"},
                  {"--save-every", "MIN", "save the model every MIN minutes (default 5; 0 = at the end)"},
                  {"--samples-every", "MIN", "refresh the sample sheet every MIN minutes (default 2)"},
                  {"--log", "FILE", "loss log, JSON lines (default: MODEL without .cgan + -log.jsonl)"},
                  {"--samples", "FILE", "sample sheet PNG (default: MODEL without .cgan + -samples.png)"},
                  {"--plot", "FILE", "loss plot PNG written at the end (default: ...-losses.png)"},
                  {"--plot-log", nullptr, "draw the loss plot's loss axes on a log scale"},
                  {"--quiet", nullptr, "no progress bar"},
                  {"--nproc", "N", "train as N processes on this machine (data-parallel; threads shared out)"},
                  {"--nnodes", "N", "machines in the job (each runs the same command with its --node-rank)"},
                  {"--node-rank", "R", "this machine's index, 0 to N-1 (default 0)"},
                  {"--master", "ADDR:PORT", "where rank 0 listens (with --nnodes; default: MASTER_ADDR, MASTER_PORT)"},
                  {"--rank-timeout", "S", "seconds to wait for a missing or silent rank (default 60)"}});
  return run_command(args, argc, argv, [&] {
    if (!args.positionals().empty()) throw UsageError("unexpected argument \"" + args.positionals()[0] + "\"");
    if (!args.has("--a") || !args.has("--b")) throw UsageError("give both --a DIR and --b DIR");
    if (!args.has("--output")) throw UsageError("give the model file to write with -o MODEL");
    TrainOptions o;
    o.a.folder = args.get("--a");
    o.b.folder = args.get("--b");
    o.output = args.get("--output");
    o.domain_a = args.get("--name-a", folder_display_name(o.a.folder));
    o.domain_b = args.get("--name-b", folder_display_name(o.b.folder));
    o.preset = args.get("--preset", "quick");
    if (describe_train_preset(o.preset).empty())
      throw UsageError("unknown preset \"" + o.preset + "\"; use quick or paper");
    // 0 would read as "not given" (the preset's default) further on: refused here instead.
    o.minutes = args.get_double("--minutes", 0, 0.01, 1e7);
    o.epochs = args.get_int("--epochs", 0, 1, 1000000);
    o.iterations = args.get_int("--iterations", 0, 1, 1000000000000LL);
    o.image_size = static_cast<int>(args.get_int("--size", 0, 16, 4096));
    o.settings = args.get("--set");
    try {
      check_train_settings(o.preset, o.settings);
    } catch (const InputError& e) {
      std::string message = e.what();
      if (!message.empty() && message.back() == '.') message.pop_back();  // run_command adds its own
      throw UsageError(message);
    }
    o.resume = args.has("--resume");
    o.seed = args.get_int("--seed", -1, 0, (1LL << 62));
    o.threads = static_cast<int>(args.get_int("--threads", 0, 0, 1024));
    o.device = device_option(args);
    o.save_every_minutes = args.get_double("--save-every", 5, 0, 1e7);
    o.samples_every_minutes = args.get_double("--samples-every", 2, 0, 1e7);
    o.ranks.timeout_seconds = args.get_double("--rank-timeout", 60, 1, 86400);
    const bool is_rank = ranks_from_environment(&o.ranks);
    // Under torchrun the machine's cores are shared out among its ranks, as --nproc does.
    if (is_rank && !args.has("--threads") && std::getenv("LOCAL_WORLD_SIZE"))
      o.threads = threads_per_local_rank(std::max(1, std::atoi(std::getenv("LOCAL_WORLD_SIZE"))));
    if (!is_rank && (args.has("--nproc") || args.has("--nnodes"))) {
      if (!distributed_training_available())
        throw UsageError("this build of cyclegan has no distributed support (it was built without LibTorch's "
                         "Gloo backend), so --nproc and --nnodes are not available");
      LocalRanks plan;
      plan.nproc = static_cast<int>(args.get_int("--nproc", 1, 1, 1024));
      plan.nnodes = static_cast<int>(args.get_int("--nnodes", 1, 1, 65536));
      plan.node_rank = static_cast<int>(args.get_int("--node-rank", 0, 0, plan.nnodes - 1));
      plan.threads = o.threads;
      plan.timeout_seconds = o.ranks.timeout_seconds;
      if (args.has("--master")) {
        parse_master(args.get("--master"), &plan.master_addr, &plan.master_port);
      } else if (plan.nnodes > 1) {
        if (std::getenv("MASTER_ADDR") == nullptr)
          throw UsageError("a job on several machines needs --master ADDR:PORT (rank 0's machine)");
        plan.master_addr = std::getenv("MASTER_ADDR");
        plan.master_port = std::getenv("MASTER_PORT") ? std::atoi(std::getenv("MASTER_PORT")) : 29500;
      }
      if (plan.nproc * plan.nnodes > 1)
        return launch_local_ranks(plan, std::vector<std::string>(argv + 1, argv + argc));
    }
    const bool writer = o.ranks.rank == 0;
    const std::string base = stem(o.output);
    o.log_path = args.get("--log", base + "-log.jsonl");
    o.samples_path = args.get("--samples", sample_sheet_path(o.output));
    o.plot_path = args.get("--plot", base + "-losses.png");
    o.plot_log_scale = args.has("--plot-log");

    const bool quiet = args.has("--quiet") || !writer;  // rank 0 reports for the job
    ProgressBar bar;
    TrainCallbacks cb;
    cb.started = [](const std::string& configuration) { std::fprintf(stderr, "%s\n", configuration.c_str()); };
    if (!quiet) cb.progress = [&bar](const TrainProgress& p) { bar.update(p); };
    cb.should_cancel = [] { return g_interrupted.load(); };
    if (writer)  // every rank reads the same images: one copy of each warning
      cb.warning = [](const std::vector<Message>& s) { std::fprintf(stderr, "warning: %s\n", english(s).c_str()); };

    g_interrupted = false;
    g_stop_signal = 0;
    g_presses = 0;
    auto previous = std::signal(SIGINT, on_sigint);
    std::signal(SIGTERM, on_termination);
    std::signal(SIGHUP, on_termination);
    auto restore = [&](bool saved_after_stop) {
      // After a stopped run the model is saved: later presses (of a double press) change nothing.
      std::signal(SIGINT, saved_after_stop ? SIG_IGN : previous);
      remove_temporaries_on_termination();
    };
    TrainResult r;
    try {
      r = train(o, cb);
    } catch (...) {
      bar.finish();
      restore(false);
      throw;
    }
    bar.finish();
    restore(r.cancelled);
    const int status = !r.cancelled                                ? kExitOk
                       : g_stop_signal == SIGINT || g_stop_signal == 0 ? kExitCancelled
                                                                       : 128 + g_stop_signal.load();
    if (!writer) return status;
    std::fprintf(stderr, "%s after %lld iterations (%lld epochs, %.0f s): model saved in %s\n",
                 r.cancelled ? "Interrupted" : "Done", static_cast<long long>(r.iterations),
                 static_cast<long long>(r.epochs), r.seconds, r.model_path.c_str());
    std::fprintf(stderr, "loss log %s, samples %s, loss plot %s\n", o.log_path.c_str(), o.samples_path.c_str(),
                 o.plot_path.c_str());
    if (!r.stop_sentences.empty()) std::fprintf(stderr, "note: %s\n", english(r.stop_sentences).c_str());
    if (!r.learning_sentences.empty())
      std::fprintf(stderr, "%s%s\n", !r.learned ? "warning: " : r.learning_caution ? "note: " : "",
                   english(r.learning_sentences).c_str());
    return status;
  });
}

}  // namespace cyclegan::cli
