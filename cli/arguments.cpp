#include "cli/arguments.h"

#include <cerrno>
#include <cstdlib>
#include <exception>
#include <sstream>

#include "core/errors.h"

namespace cyclegan::cli {

namespace {

// "-o, --output" -> {"-o", "--output"}
std::vector<std::string> spellings(const char* names) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(names);
  while (std::getline(in, item, ',')) {
    const auto first = item.find_first_not_of(' ');
    const auto last = item.find_last_not_of(' ');
    if (first != std::string::npos) out.push_back(item.substr(first, last - first + 1));
  }
  return out;
}

}  // namespace

Arguments::Arguments(std::string command, std::string synopsis, std::string description,
                     std::vector<OptionSpec> options)
    : command_(std::move(command)),
      synopsis_(std::move(synopsis)),
      description_(std::move(description)),
      options_(std::move(options)) {}

const OptionSpec* Arguments::find(const std::string& spelling) const {
  for (const auto& o : options_)
    for (const auto& s : spellings(o.names))
      if (s == spelling) return &o;
  return nullptr;
}

std::string Arguments::canonical(const std::string& name) const {
  const OptionSpec* o = find(name);
  // Asking for an option that was never declared is a bug in the subcommand, not user error.
  if (!o) throw std::logic_error("cyclegan " + command_ + ": undeclared option " + name);
  return spellings(o->names).front();
}

void Arguments::parse(int argc, char** argv) {
  bool options_done = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (options_done || arg.size() < 2 || arg[0] != '-') {
      positionals_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    if (arg == "--help" || arg == "-h") {
      help_ = true;
      continue;
    }
    std::string value;
    bool inline_value = false;
    const auto eq = arg.find('=');
    if (arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      inline_value = true;
    }
    const OptionSpec* o = find(arg);
    if (!o) throw UsageError("unknown option " + arg);
    if (o->value) {
      if (!inline_value) {
        if (i + 1 >= argc) throw UsageError(arg + " needs a value (" + o->value + ")");
        value = argv[++i];
      }
    } else if (inline_value) {
      throw UsageError(arg + " takes no value");
    }
    values_[spellings(o->names).front()] = value;
  }
}

bool Arguments::has(const std::string& name) const { return values_.count(canonical(name)) > 0; }

std::string Arguments::get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(canonical(name));
  return it == values_.end() ? fallback : it->second;
}

long long Arguments::get_int(const std::string& name, long long fallback, long long min,
                             long long max) const {
  if (!has(name)) return fallback;
  const std::string text = get(name);
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno == ERANGE || v < min || v > max)
    throw UsageError(name + " must be a whole number from " + std::to_string(min) + " to " +
                     std::to_string(max) + ", not \"" + text + "\"");
  return v;
}

double Arguments::get_double(const std::string& name, double fallback, double min,
                             double max) const {
  if (!has(name)) return fallback;
  const std::string text = get(name);
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || errno == ERANGE || !(v >= min && v <= max)) {
    std::ostringstream msg;
    msg << name << " must be a number from " << min << " to " << max << ", not \"" << text << "\"";
    throw UsageError(msg.str());
  }
  return v;
}

void Arguments::print_help(std::FILE* out) const {
  std::fprintf(out, "usage: cyclegan %s [options]%s%s\n\n%s\n", command_.c_str(),
               synopsis_.empty() ? "" : " ", synopsis_.c_str(), description_.c_str());
  if (options_.empty()) return;
  std::fprintf(out, "\noptions:\n");
  for (const auto& o : options_) {
    std::string left = o.names;
    if (o.value) left += std::string(" ") + o.value;
    std::fprintf(out, "  %-26s %s\n", left.c_str(), o.help);
  }
  std::fprintf(out, "  %-26s %s\n", "-h, --help", "show this help");
}

int run_command(Arguments& args, int argc, char** argv, const std::function<int()>& body) {
  const std::string name = "cyclegan " + args.command();
  try {
    args.parse(argc, argv);
    if (args.help_requested()) {
      args.print_help(stdout);
      return kExitOk;
    }
    return body();
  } catch (const UsageError& e) {
    std::fprintf(stderr, "%s: %s.\nTry \"%s --help\".\n", name.c_str(), e.what(), name.c_str());
    return kExitUsage;
  } catch (const Cancelled& e) {
    std::fprintf(stderr, "%s: %s\n", name.c_str(), e.what());
    return kExitCancelled;
  } catch (const Error& e) {
    std::fprintf(stderr, "%s: %s\n", name.c_str(), e.what());
    return kExitFailure;
  } catch (const std::exception& e) {
    // Not one of ours (a LibTorch check, bad_alloc): still one message and a clean exit. LibTorch
    // appends a C++ backtrace after the first line; users need only the first.
    std::string message = e.what();
    message = message.substr(0, message.find('\n'));
    std::fprintf(stderr, "%s: unexpected error: %s\n", name.c_str(), message.c_str());
    return kExitFailure;
  }
}

std::string device_option(const Arguments& args) {
  const std::string device = args.get("--device", "auto");
  if (device != "auto" && device != "cpu" && device != "cuda")
    throw UsageError("unknown device \"" + device + "\"; use auto, cpu or cuda");
  return device;
}

}  // namespace cyclegan::cli
