#include "core/presets.h"

#include <cmath>
#include <sstream>

#include "base/errors.h"

namespace cyclegan {

namespace {

// The official defaults (options/base_options.py, train_options.py; fixtures/README.md).
TrainPreset paper() {
  TrainPreset p;
  p.name = "paper";
  p.summary = "the official recipe: resnet_9blocks ngf 64, 70x70 PatchGAN, 286->256 crops, 100+100 epochs";
  p.trainer.generator = NetworkSpec::resnet(64, 9);
  p.trainer.discriminator = NetworkSpec::nlayer(64, 3);
  p.preprocess.load_size = 286;
  p.preprocess.crop_size = 256;
  return p;
}

// Sized for 2 CPU cores and minutes, not days (measured on the colour-grade task in
// bench/RESULTS.md): a narrow, shallow generator with a linear colour path (starts as the identity
// and learns tone changes directly), a 34x34 PatchGAN (n_layers 2), batches of 4 small views
// (the whole photo at 72 px, cropped to 64) instead of one 128 px crop, Adam at 1e-3 and no
// identity loss (it fights colour changes). Each change was measured; see RESULTS.md.
// G and F start as the linear colour transfer between the two sets (core/colour_transfer.h), not
// as the identity: the colour look is there from the first iteration, lossy looks (sepia, black
// and white) included, and training adds what is not a global colour change. Tones first: the
// photo's luma keeps its order and B's colour follows it, which is what sepia and black and white
// are (RESULTS.md: black and white +3.4 dB, sepia +0.7, colour grades and textures level; the
// README's demo pair, five photos against six others, loses 1.7 dB). Small sets are
// held near that start (lambda_start, start_pool; apply_small_set_rule), not near the identity:
// an identity loss would fight F, which starts by adding colour back.
// After the first 12% of the run it trains on 64 px crops of the images at their own resolution:
// small views learn colour fast, but detail at the scale translation runs at (softness, grain)
// exists only in native crops (grade task: +6 dB over continuing with small views).
TrainPreset quick() {
  TrainPreset p = paper();
  p.name = "quick";
  p.summary = "small and fast for CPUs: resnet 3 blocks ngf 16 with colour path, PatchGAN n_layers 2, batches of 4 "
              "at 64 px, whole small views first, then crops at full resolution";
  p.trainer.generator = NetworkSpec::resnet(16, 3);
  p.trainer.generator.colour_path = true;
  p.trainer.discriminator = NetworkSpec::nlayer(32, 2);
  p.trainer.lr = 1e-3;
  p.trainer.batch_size = 4;
  p.trainer.weights.lambda_identity = 0;
  p.trainer.start_as_colour_transfer = true;
  p.trainer.start_luminance_first = true;
  p.small_set_images = 300;  // the 20-300 images an artist gathers by hand (RESULTS.md: 200 gain too)
  p.small_set_start = 0.5;
  // The start is a global colour map, so the hold compares the colour of 8 x 8 regions and leaves
  // strokes and edges inside them free: textures gain and colour looks do not lose (RESULTS.md).
  // Small sets hold every pixel instead (apply_small_set_rule).
  p.trainer.weights.start_pool = 8;
  // The texture term, for a direction whose look smooths at every scale (oil paint, a soft
  // grade): the worst of three 2-minute seeds gains 1.3-4.1 dB there, and looks that add edges
  // or keep texture train as without it (RESULTS.md).
  p.trainer.weights.lambda_texture_stats = 5;
  p.trainer.texture_smoothing_gate = 0.95;
  // Discriminators on pretrained features (features_D=mobilenet_v2) stay off: at the same 2
  // minutes they lift the balls' worst seeds by 1.4-1.6 dB and seed 1 of the grades and the sketch
  // by 1.5-2.2, but seed 2 of those is 0.05-0.4 dB below the default's, at 21% more per iteration
  // (RESULTS.md).
  p.preprocess.load_size = 72;
  p.preprocess.crop_size = 64;
  p.native_from = 0.12;
  p.n_epochs = 5;
  p.n_epochs_decay = 5;
  p.max_passes = 500;  // 30 minutes reach it on sets under 150 images
  return p;
}

// Not listed by preset_names(): the smallest networks that still have every part (G and F with
// residual blocks, PatchGANs, every loss), for tests and smoke runs of the whole pipeline.
TrainPreset tiny() {
  TrainPreset p = paper();
  p.name = "tiny";
  p.summary = "for tests: resnet 2 blocks ngf 4, PatchGAN n_layers 2 ndf 8, 32 px";
  p.trainer.generator = NetworkSpec::resnet(4, 2);
  p.trainer.generator.input_skip = true;
  p.trainer.discriminator = NetworkSpec::nlayer(8, 2);
  p.preprocess.load_size = 36;
  p.preprocess.crop_size = 32;
  p.n_epochs = 1;
  p.n_epochs_decay = 1;
  return p;
}

}  // namespace

// There was a `standard` between the two (resnet 6 blocks ngf 32 at 96 px). On the grade task it
// scored 3 dB below quick at 10 minutes, and 30 minutes give it fewer iterations than quick gets
// in 5 (bench/RESULTS.md), so it was dropped.
std::vector<std::string> preset_names() { return {"quick", "paper"}; }

TrainPreset find_preset(const std::string& name) {
  if (name == "quick") return quick();
  if (name == "paper") return paper();
  if (name == "tiny") return tiny();
  throw InputError("Unknown preset \"" + name + "\"; use quick or paper.");
}

PreprocessOptions native_stage_preprocess(const TrainPreset& preset) {
  PreprocessOptions o = preset.preprocess;
  o.mode = PreprocessMode::Native;
  o.load_size = kNativeCapInCrops * o.crop_size;
  return o;
}

void apply_small_set_rule(TrainPreset& preset, const std::set<std::string>& given) {
  if (preset.small_set_start < 0) return;
  TrainerConfig& t = preset.trainer;
  if (!given.count("lambda_start")) t.weights.lambda_start = preset.small_set_start;
  if (t.weights.lambda_start <= 0) return;  // no hold: the cycle's pull is all that keeps G's content
  if (!given.count("cycle_grad_first")) t.weights.cycle_grad_first = 0;
  if (!given.count("start_floor")) t.start_floor = ColourFloor::SourceOnly;
  if (!given.count("start_pool")) t.weights.start_pool = 1;
  if (!given.count("scarce_colour_gain")) t.scarce_colour_gain = 2.5;
  if (!given.count("scarce_colour_hold")) t.scarce_colour_hold = 4;
  if (!given.count("scarce_colour_cycle")) t.scarce_colour_cycle = 0;
  if (!given.count("scarce_colour_adversarial")) t.scarce_colour_adversarial = 0;
}

void set_training_size(TrainPreset& preset, int crop_size) {
  if (crop_size < 16) throw InputError("The training size must be at least 16 pixels.");
  const double ratio = static_cast<double>(preset.preprocess.load_size) / preset.preprocess.crop_size;
  preset.preprocess.crop_size = crop_size;
  preset.preprocess.load_size = static_cast<int>(std::lround(crop_size * ratio));
}

std::string describe_configuration(const TrainPreset& p) {
  const TrainerConfig& t = p.trainer;
  std::ostringstream s;
  s << "preset " << p.name << "\n"
    << "  G, F: " << t.generator.describe() << "\n"
    << "  D_A, D_B: " << t.discriminator.describe() << "\n";
  if (t.features_discriminator)
    s << "  beside them: discriminators on frozen ImageNet features (MobileNetV2 to block 5, at 1/4 and 1/8 "
         "scale, heads of "
      << t.features_width << " channels), weight " << t.weights.lambda_features << " in G's and F's losses\n";
  s
    << "  images: " << preprocess_mode_name(p.preprocess.mode) << " load " << p.preprocess.load_size
    << " crop " << p.preprocess.crop_size << (p.preprocess.flip ? ", random flip" : "") << ", batch "
    << t.batch_size << "\n";
  if (p.native_from < 1) {
    const PreprocessOptions n = native_stage_preprocess(p);
    s << "  from " << std::lround(p.native_from * 100) << "% of the run: crop " << n.crop_size
      << " from the images at their own size (shorter side " << n.crop_size << "-" << n.load_size << ")\n";
  }
  if (p.max_passes > 0)
    s << "  a run bounded by minutes or iterations stops after " << p.max_passes
      << " passes over the larger domain's images\n";
  s << "  losses: " << gan_mode_name(t.weights.gan_mode) << ", cycle lambda_A " << t.weights.lambda_a
    << " lambda_B " << t.weights.lambda_b << ", identity " << t.weights.lambda_identity;
  if (t.weights.lambda_colour_stats > 0) s << ", colour statistics " << t.weights.lambda_colour_stats;
  if (t.weights.lambda_texture_stats > 0) {
    s << ", texture statistics " << t.weights.lambda_texture_stats;
    if (t.texture_smoothing_gate > 0)
      s << " for a direction whose look smooths (neighbours differ at most " << t.texture_smoothing_gate
        << " times as much)";
  }
  if (t.weights.cycle_grad_first < 1) s << ", " << t.weights.cycle_grad_first << " of the cycle's gradient to the fake's maker";
  if (t.weights.cycle_noise > 0) s << ", noise " << t.weights.cycle_noise << " before the cycle's way back";
  s << "\n";
  if (t.generator.colour_path) {
    s << "  G, F start as: "
      << (!t.start_as_colour_transfer ? "the identity"
          : t.start_luminance_first   ? "the linear colour transfer between the domains, tones first"
                                      : "the linear colour transfer between the domains");
    if (t.start_as_colour_transfer && t.start_floor == ColourFloor::SourceOnly)
      s << " (onto a domain without colour, it removes colour fully)";
    if (t.start_as_colour_transfer && t.start_max_gain > 0) s << ", colour gains at most " << t.start_max_gain;
    if (t.start_as_colour_transfer && t.weights.lambda_start > 0) {
      s << ", held near it with weight " << t.weights.lambda_start;
      if (t.weights.start_pool > 1) s << " in " << t.weights.start_pool << " px regions";
      if (t.scarce_colour_gain > 0)
        s << "; a direction that would amplify colour over " << t.scarce_colour_gain
          << " times starts with gains of at most 1, is held " << t.scarce_colour_hold << " times as strongly"
          << ", has " << t.scarce_colour_cycle << " of its cycle and " << t.scarce_colour_adversarial
          << " of its adversarial loss";
    }
    s << "\n";
  }
  s
    << "  discriminators see: " << (t.augment_d.any() ? augment_policy_name(t.augment_d) : std::string("images as they are"))
    << "\n"
    << "  Adam lr " << t.lr << " betas (" << t.beta1 << ", " << t.beta2 << ")";
  if (t.warmup_g > 0) s << ", G and F warm up over " << t.warmup_g << " iterations";
  s << ", image pool " << t.pool_size;
  return s.str();
}

}  // namespace cyclegan
