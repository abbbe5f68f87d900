// `cyclegan import`: one model file from the official code's checkpoints
// (latest_net_G_A.pth, latest_net_G_B.pth, latest_net_D_A.pth, latest_net_D_B.pth).
// The official names are kept: G_A translates A -> B (our G), G_B translates B -> A (our F),
// D_A judges domain B images (real B vs G_A(A)), D_B judges domain A images.
#include <cstdio>
#include <string>

#include "cli/arguments.h"
#include "cli/commands.h"
#include "core/cyclegan.h"

namespace cyclegan::cli {

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
    ImportOptions o;
    o.output = args.get("--output");
    if (o.output.empty()) throw UsageError("-o MODEL.cgan is required");
    if (!args.has("--g-a") && !args.has("--g-b"))
      throw UsageError("give at least one generator: --g-a G_A.pth and/or --g-b G_B.pth");
    o.domain_a = args.get("--domain-a", "A");
    o.domain_b = args.get("--domain-b", "B");
    if (o.domain_a.empty() || o.domain_b.empty()) throw UsageError("domain names cannot be empty");
    if (o.domain_a == o.domain_b) throw UsageError("the two domains need different names");
    o.train_size = static_cast<int>(args.get_int("--size", 0, 1, 65536));
    o.g_a = args.get("--g-a");
    o.g_b = args.get("--g-b");
    o.d_a = args.get("--d-a");
    o.d_b = args.get("--d-b");
    import_official(o);
    std::printf("Wrote %s (%s).\n", o.output.c_str(), (o.domain_a + " <-> " + o.domain_b).c_str());
    return kExitOk;
  });
}

}  // namespace cyclegan::cli
