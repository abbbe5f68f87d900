// Option parsing and error handling shared by the `cyclegan` subcommands (cli/cmd_*.cpp).
// No LibTorch here: it compiles in a second.
//
//   int run_info(int argc, char** argv) {            // argv[0] is "info"
//     Arguments args("info", "MODEL", "Prints what a model file holds.",
//                    {{"-o, --output", "FILE", "where to write"},
//                     {"--quiet", nullptr, "print less"}});  // value nullptr = a flag
//     return run_command(args, argc, argv, [&] {
//       if (args.positionals().size() != 1) throw UsageError("give exactly one MODEL");
//       std::string out = args.get("--output");        // "" when absent
//       int n = args.get_int("--threads", 0, 0, 256);  // fallback, min, max
//       ...
//       return kExitOk;
//     });
//   }
//
// Accepted forms (GLib's GOptionContext parses): `--name VALUE`, `--name=VALUE`, `-o VALUE`,
// flags, positionals in any order, `--` ends options. A repeated option keeps its last value.
// `--help`/`-h` is always accepted.
#pragma once

#include <cstdio>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace cyclegan::cli {

// Exit statuses of every subcommand (cli/commands.h).
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;   // an Error: message printed
constexpr int kExitUsage = 2;     // bad command line
constexpr int kExitCancelled = 130;  // Ctrl-C, as shells report SIGINT

// A bad command line; run_command prints it with a pointer to --help and returns kExitUsage.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct OptionSpec {
  const char* names;  // "-o, --output" or "--domain-a": comma-separated spellings
  const char* value;  // placeholder shown in --help ("FILE"); nullptr for a flag without value
  const char* help;   // one line
};

class Arguments {
 public:
  Arguments(std::string command, std::string synopsis, std::string description,
            std::vector<OptionSpec> options);

  // Parses argv[1..argc-1] (argv[0] is the subcommand); argv is left as it was. Throws UsageError
  // for an unknown option or a missing value.
  void parse(int argc, char** argv);

  bool help_requested() const { return help_; }
  // `name` is any spelling of the option ("-o" or "--output").
  bool has(const std::string& name) const;
  std::string get(const std::string& name, const std::string& fallback = "") const;
  // Throws UsageError when the value is not a number in [min, max].
  long long get_int(const std::string& name, long long fallback, long long min, long long max) const;
  double get_double(const std::string& name, double fallback, double min, double max) const;
  const std::vector<std::string>& positionals() const { return positionals_; }

  void print_help(std::FILE* out) const;
  const std::string& command() const { return command_; }

 private:
  const OptionSpec* find(const std::string& spelling) const;
  std::string canonical(const std::string& name) const;  // the option's first spelling

  std::string command_, synopsis_, description_;
  std::vector<OptionSpec> options_;
  std::map<std::string, std::string> values_;  // canonical name -> value ("" for flags)
  std::vector<std::string> positionals_;
  bool help_ = false;
};

// Parses, prints --help (exit 0) or runs `body`, turning exceptions into the exit statuses
// above: UsageError -> 2, cyclegan::Cancelled -> 130, any other exception -> its message and 1.
// The one place where a subcommand's errors become text on stderr.
int run_command(Arguments& args, int argc, char** argv, const std::function<int()>& body);

// The --device value ("auto" when absent); throws UsageError for a name that is none of auto,
// cpu, cuda (whether CUDA is there is for choose_device to say).
std::string device_option(const Arguments& args);

}  // namespace cyclegan::cli
