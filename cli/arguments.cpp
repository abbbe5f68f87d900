#include "cli/arguments.h"

#include <cctype>
#include <cerrno>
#include <deque>
#include <cstdlib>
#include <exception>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <glib.h>

#include "base/errors.h"

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

// GLib's GOptionContext does the parsing; every option goes through one callback that records
// its value under the option's first spelling, so any spelling and a repeated option (last
// value wins) behave alike. --help is ours: the help text comes from the OptionSpecs.
void Arguments::parse(int argc, char** argv) {
  struct Entries {
    // Owned here: GOptionEntry keeps pointers into these, and a deque never moves its elements
    // when it grows (a vector reserved by a guess would, with an option of three spellings).
    std::deque<std::string> long_names;
    std::vector<GOptionEntry> list;
  } entries;
  const auto record = [](const gchar* spelling, const gchar* value, gpointer self, GError**) -> gboolean {
    auto* args = static_cast<Arguments*>(self);
    if (std::string(spelling) == "-h" || std::string(spelling) == "--help") args->help_ = true;
    else args->values_[args->canonical(spelling)] = value ? value : "";
    return TRUE;
  };
  const auto add = [&](const std::string& long_name, char short_name, bool takes_value) {
    entries.long_names.push_back(long_name);
    GOptionEntry e{};
    e.long_name = entries.long_names.back().c_str();
    e.short_name = short_name;
    e.flags = takes_value ? 0 : G_OPTION_FLAG_NO_ARG;
    e.arg = G_OPTION_ARG_CALLBACK;
    e.arg_data = reinterpret_cast<gpointer>(static_cast<GOptionArgFunc>(record));
    entries.list.push_back(e);
  };
  for (const auto& o : options_) {
    char short_name = 0;
    std::vector<std::string> long_names;
    for (const auto& s : spellings(o.names)) {
      if (s.size() == 2 && s[0] == '-' && s[1] != '-') short_name = s[1];
      else if (s.rfind("--", 0) == 0 && s.size() > 2) long_names.push_back(s.substr(2));
    }
    if (long_names.empty()) throw std::logic_error("cyclegan " + command_ + ": option without a long name: " + o.names);
    for (size_t i = 0; i < long_names.size(); ++i) add(long_names[i], i == 0 ? short_name : 0, o.value != nullptr);
  }
  add("help", 'h', false);
  entries.list.push_back(GOptionEntry{});  // the terminator

  std::unique_ptr<GOptionContext, decltype(&g_option_context_free)> context(g_option_context_new(nullptr),
                                                                            g_option_context_free);
  g_option_context_set_help_enabled(context.get(), FALSE);
  GOptionGroup* group = g_option_group_new(command_.c_str(), "", "", this, nullptr);
  g_option_group_add_entries(group, entries.list.data());
  g_option_context_set_main_group(context.get(), group);  // the context owns the group now

  // A copy of argv: the parser removes what it used and frees it.
  gchar** remaining = g_new0(gchar*, static_cast<size_t>(argc) + 1);
  for (int i = 0; i < argc; ++i) remaining[i] = g_strdup(argv[i]);
  GError* error = nullptr;
  const bool parsed = g_option_context_parse_strv(context.get(), &remaining, &error);
  std::string message;
  if (!parsed) {
    message = error ? error->message : "cannot read the options";
    if (error) g_error_free(error);
  } else {
    // Everything left is a positional, except the first "--" that ended the options.
    bool separator_seen = false;
    for (int i = 1; remaining[i]; ++i) {
      if (!separator_seen && std::string(remaining[i]) == "--") separator_seen = true;
      else positionals_.push_back(remaining[i]);
    }
  }
  g_strfreev(remaining);
  if (!parsed) {
    if (!message.empty()) message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
    throw UsageError(message);
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
