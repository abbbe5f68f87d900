// `cyclegan info MODEL`: what a model file holds (ours or an official .pth), read from its header
// where possible so that it is quick even for large files.
#include <cstdio>
#include <string>

#include "cli/arguments.h"
#include "cli/commands.h"
#include "core/cyclegan.h"

namespace cyclegan::cli {

namespace {

// 11378179 -> "11,378,179"
std::string grouped(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

void print_row(const char* label, const std::string& value) {
  std::printf("%-16s %s\n", label, value.c_str());
}

void print_official(const ModelInfo& m) {
  print_row("file:", m.path);
  print_row("kind:", "official CycleGAN checkpoint (one network, pytorch-CycleGAN-and-pix2pix)");
  if (!m.generator.empty()) print_row("generator:", m.generator + " (one direction)");
  if (!m.discriminator.empty()) print_row("discriminator:", m.discriminator);
  print_row("parameters:", grouped(m.parameters));
  if (m.generator.empty())  // translate refuses a discriminator; say so here first
    print_row("use:", "it is a discriminator and cannot translate; translate with a G_A or G_B "
                      ".pth, or add it to a model file with `cyclegan import --d-a/--d-b`");
  else
    print_row("use:", "translate with it directly, or combine G_A/G_B into one file with "
                      "`cyclegan import`");
}

void print_ours(const ModelInfo& m) {
  const std::string a = m.domain_a, b = m.domain_b;
  print_row("file:", m.path);
  print_row("kind:", "cyclegan-gimp model (format " + std::to_string(m.format_version) + ")");
  print_row("name:", m.display_name());
  print_row("domains:", "A = " + a + ", B = " + b);
  std::string directions;
  if (m.has_a_to_b) directions += "G: " + a + " -> " + b;
  if (m.has_b_to_a) directions += std::string(directions.empty() ? "" : ", ") + "F: " + b + " -> " + a;
  print_row("directions:", directions);
  print_row("generators:", m.generator);
  print_row("discriminators:", m.discriminator.empty() ? "none" : m.discriminator);
  print_row("parameters:", grouped(m.parameters));
  if (!m.preset.empty()) print_row("preset:", m.preset);
  print_row("trained at:", m.train_size > 0 ? std::to_string(m.train_size) + " px" : "unknown");
  print_row("iterations:", grouped(m.iterations));
  print_row("created:", m.created);
  print_row("updated:", m.updated);
  if (!m.learning_check.empty()) print_row("learned:", m.learning_check);
  print_row("training state:", !m.has_training_state      ? "no"
                              : m.training_state_damaged ? "damaged: translate works, resume does not"
                                                         : "yes (training can resume exactly)");
}

}  // namespace

int run_info(int argc, char** argv) {
  Arguments args("info", "MODEL",
                 "Prints what a model file holds: domains, networks, parameter count, training "
                 "progress.\nMODEL is a cyclegan-gimp model (.cgan) or an official CycleGAN .pth.",
                 {});
  return run_command(args, argc, argv, [&] {
    if (args.positionals().size() != 1) throw UsageError("give exactly one MODEL file");
    // The whole training state is read to check it: slower than the header alone, but info is
    // where a user looks before resuming.
    const ModelInfo info = read_model_info(args.positionals()[0], /*check_training_state=*/true);
    if (info.official) print_official(info);
    else print_ours(info);
    return kExitOk;
  });
}

}  // namespace cyclegan::cli
