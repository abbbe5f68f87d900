// `cyclegan import`: one model file from the official code's checkpoints
// (latest_net_G_A.pth, latest_net_G_B.pth, latest_net_D_A.pth, latest_net_D_B.pth).
// The official names are kept: G_A translates A -> B (our G), G_B translates B -> A (our F),
// D_A judges domain B images (real B vs G_A(A)), D_B judges domain A images.
#include <cstdio>
#include <string>

#include "cli/arguments.h"
#include "cli/commands.h"
#include "core/model_file.h"
#include "models/official_checkpoint.h"

namespace cyclegan::cli {

namespace {

// Loads one official file and checks that it is the kind of network its option promises.
std::shared_ptr<Network> load_role(const std::string& path, const char* option, bool generator) {
  std::shared_ptr<Network> net = load_official_network(path);
  if (net->spec().is_generator() != generator)
    throw InputError(path + " holds a " + (generator ? "discriminator" : "generator") +
                     " (" + net->spec().describe() + "), but " + option + " needs a " +
                     (generator ? "generator" : "discriminator") + ".");
  return net;
}

}  // namespace

int run_import(int argc, char** argv) {
  Arguments args(
      "import", "",
      "Combines official CycleGAN checkpoints into one cyclegan-gimp model file.\n"
      "Official naming: G_A translates A -> B, G_B translates B -> A, D_A judges domain B\n"
      "images (real B vs G_A(A)), D_B judges domain A images. At least one generator is needed.",
      {{"--g-a", "G_A.pth", "generator A -> B (official netG_A)"},
       {"--g-b", "G_B.pth", "generator B -> A (official netG_B)"},
       {"--d-a", "D_A.pth", "discriminator of domain B images (official netD_A), optional"},
       {"--d-b", "D_B.pth", "discriminator of domain A images (official netD_B), optional"},
       {"--domain-a", "NAME", "name of domain A, e.g. horse (default A)"},
       {"--domain-b", "NAME", "name of domain B, e.g. zebra (default B)"},
       {"--size", "PX", "crop size the networks were trained at (official default 256)"},
       {"-o, --output", "MODEL.cgan", "the model file to write (replaced atomically)"}});
  return run_command(args, argc, argv, [&] {
    if (!args.positionals().empty())
      throw UsageError("unexpected argument \"" + args.positionals()[0] + "\"");
    const std::string output = args.get("--output");
    if (output.empty()) throw UsageError("-o MODEL.cgan is required");
    if (!args.has("--g-a") && !args.has("--g-b"))
      throw UsageError("give at least one generator: --g-a G_A.pth and/or --g-b G_B.pth");

    ModelFile model;
    model.domain_a = args.get("--domain-a", "A");
    model.domain_b = args.get("--domain-b", "B");
    if (model.domain_a.empty() || model.domain_b.empty())
      throw UsageError("domain names cannot be empty");
    if (model.domain_a == model.domain_b)
      throw UsageError("the two domains need different names");
    model.train_size = static_cast<int>(args.get_int("--size", 0, 1, 65536));

    std::string sources;
    auto take = [&](const char* option, bool generator, std::shared_ptr<Network> ModelFile::*slot) {
      if (!args.has(option)) return;
      model.*slot = load_role(args.get(option), option, generator);
      sources += std::string(sources.empty() ? "" : " ") + option + "=" + args.get(option);
    };
    take("--g-a", true, &ModelFile::g);
    take("--g-b", true, &ModelFile::f);
    take("--d-a", false, &ModelFile::d_a);
    take("--d-b", false, &ModelFile::d_b);
    if (model.g && model.f && model.g->spec() != model.f->spec())
      throw InputError("G_A (" + model.g->spec().describe() + ") and G_B (" +
                       model.f->spec().describe() +
                       ") have different architectures; they do not come from one training run.");
    model.training_config = "imported from official checkpoints: " + sources;

    save_model_file(model, output);
    std::printf("Wrote %s (%s).\n", output.c_str(),
                (model.domain_a + " <-> " + model.domain_b).c_str());
    return kExitOk;
  });
}

}  // namespace cyclegan::cli
