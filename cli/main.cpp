// `cyclegan`: the terminal front end. Dispatches to one subcommand per file (commands.h).
#include <cstdio>
#include <cstring>
#include <string>

#include "cli/commands.h"
#include "core/temporary_files.h"

namespace {

struct Command {
  const char* name;
  int (*run)(int argc, char** argv);
  const char* summary;
};

// Add a row when its cmd_*.cpp exists.
const Command kCommands[] = {
    {"info", cyclegan::cli::run_info, "show what a model file (.cgan or official .pth) holds"},
    {"import", cyclegan::cli::run_import, "make a model file from official G_A/G_B(/D) .pth files"},
    {"train", cyclegan::cli::run_train, "train a model (G: A->B, F: B->A) from two folders of images"},
    {"translate", cyclegan::cli::run_translate, "translate an image or a folder of images with a model"},
};

void print_usage() {
  std::fprintf(stderr, "usage: cyclegan COMMAND [options]   (cyclegan COMMAND --help for more)\n\n");
  for (const auto& c : kCommands) std::fprintf(stderr, "  %-10s %s\n", c.name, c.summary);
}

}  // namespace

int main(int argc, char** argv) {
  // Killed by SIGTERM or SIGHUP mid-write, no command leaves a half-written file behind
  // (`train` replaces these handlers with its own, which save the model first).
  cyclegan::remove_temporaries_on_termination();
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    print_usage();
    return argc < 2 ? 2 : 0;
  }
  for (const auto& c : kCommands)
    if (std::string(argv[1]) == c.name) return c.run(argc - 1, argv + 1);
  std::fprintf(stderr, "cyclegan: unknown command \"%s\".\n\n", argv[1]);
  print_usage();
  return 2;
}
