// The option parsing every `cyclegan` subcommand shares (cli/arguments.h), without LibTorch.
#include "cli/arguments.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/errors.h"

namespace cyclegan::cli {
namespace {

Arguments make() {
  return Arguments("demo", "FILE...", "A subcommand for the tests.",
                   {{"-o, --output", "FILE", "where to write"},
                    {"--name-a, --domain-a", "NAME", "two spellings"},
                    {"--threads", "N", "a number"},
                    {"--scale", "X", "a fraction"},
                    {"--quiet", nullptr, "a flag"}});
}

// argv as the subcommand sees it: argv[0] is the subcommand's name.
void parse(Arguments& args, std::vector<std::string> words) {
  words.insert(words.begin(), "demo");
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  args.parse(static_cast<int>(argv.size()), argv.data());
}

TEST(Arguments, ReadsEveryFormAndKeepsPositionalsInOrder) {
  Arguments args = make();
  parse(args, {"a.png", "-o", "first.png", "--threads=3", "b.png", "--output", "last.png", "--domain-a", "horse",
               "--quiet", "--", "--not-an-option"});
  EXPECT_EQ(args.get("--output"), "last.png");  // repeated: the last value wins
  EXPECT_EQ(args.get("-o"), "last.png");        // any spelling asks for the same option
  EXPECT_EQ(args.get("--name-a"), "horse");
  EXPECT_EQ(args.get_int("--threads", 0, 1, 8), 3);
  EXPECT_TRUE(args.has("--quiet"));
  EXPECT_FALSE(args.has("--scale"));
  EXPECT_DOUBLE_EQ(args.get_double("--scale", 0.5, 0, 1), 0.5);
  EXPECT_EQ(args.positionals(), (std::vector<std::string>{"a.png", "b.png", "--not-an-option"}));
  EXPECT_FALSE(args.help_requested());
}

TEST(Arguments, ValuesMayStartWithADash) {
  Arguments args = make();
  parse(args, {"--threads", "-1", "--output", "-"});
  EXPECT_EQ(args.get("--threads"), "-1");
  EXPECT_EQ(args.get("--output"), "-");
}

TEST(Arguments, BadCommandLinesAreUsageErrorsNamingTheOption) {
  auto error_of = [](std::vector<std::string> words) {
    Arguments args = make();
    try {
      parse(args, std::move(words));
      return std::string("no error");
    } catch (const UsageError& e) {
      return std::string(e.what());
    }
  };
  EXPECT_NE(error_of({"--bogus"}).find("--bogus"), std::string::npos) << error_of({"--bogus"});
  EXPECT_NE(error_of({"--output"}).find("--output"), std::string::npos) << error_of({"--output"});

  Arguments args = make();
  parse(args, {"--threads", "many", "--scale", "2"});
  try {
    args.get_int("--threads", 0, 1, 8);
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "--threads must be a whole number from 1 to 8, not \"many\"");
  }
  EXPECT_THROW(args.get_double("--scale", 0, 0, 1), UsageError);
  // Asking for an option the subcommand never declared is a programming error, not the user's.
  EXPECT_THROW(args.get("--undeclared"), std::logic_error);
}

TEST(Arguments, HelpListsEveryOption) {
  Arguments args = make();
  parse(args, {"-h"});
  EXPECT_TRUE(args.help_requested());
  char* text = nullptr;
  size_t size = 0;
  std::FILE* out = open_memstream(&text, &size);
  args.print_help(out);
  std::fclose(out);
  const std::string help(text, size);
  std::free(text);
  EXPECT_EQ(help.rfind("usage: cyclegan demo [options] FILE...", 0), 0u) << help;
  for (const char* s : {"-o, --output FILE", "--name-a, --domain-a NAME", "--quiet", "-h, --help"})
    EXPECT_NE(help.find(s), std::string::npos) << s << "\n" << help;
}

TEST(Arguments, RunCommandTurnsErrorsIntoExitStatuses) {
  Arguments args = make();
  std::vector<std::string> words = {"demo", "--quiet"};
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  EXPECT_EQ(run_command(args, 2, argv.data(), [] { return kExitOk; }), kExitOk);
  Arguments again = make();
  EXPECT_EQ(run_command(again, 2, argv.data(), []() -> int { throw UsageError("give a FILE"); }), kExitUsage);
  Arguments third = make();
  EXPECT_EQ(run_command(third, 2, argv.data(), []() -> int { throw InputError("No images."); }), kExitFailure);
  Arguments fourth = make();
  EXPECT_EQ(run_command(fourth, 2, argv.data(), []() -> int { throw Cancelled(); }), kExitCancelled);
}

}  // namespace
}  // namespace cyclegan::cli
