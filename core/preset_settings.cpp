#include "core/preset_settings.h"

#include <cerrno>
#include <cstdlib>
#include <functional>
#include <map>
#include <sstream>

#include "base/errors.h"
#include "core/gan_loss.h"

namespace cyclegan {

namespace {

using Setter = std::function<void(TrainPreset&, const std::string&)>;

double number(const std::string& key, const std::string& text, double min, double max) {
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || errno != 0 || !(v >= min && v <= max)) {
    std::ostringstream m;
    m << "The setting " << key << "=" << text << " is not a number from " << min << " to " << max << ".";
    throw InputError(m.str());
  }
  return v;
}

int whole(const std::string& key, const std::string& text, int min, int max) {
  const double v = number(key, text, min, max);
  if (v != static_cast<int>(v)) throw InputError("The setting " + key + "=" + text + " must be a whole number.");
  return static_cast<int>(v);
}

bool flag(const std::string& key, const std::string& text) {
  if (text == "1" || text == "true" || text == "yes") return true;
  if (text == "0" || text == "false" || text == "no") return false;
  throw InputError("The setting " + key + "=" + text + " must be 1 or 0.");
}

// Official --norm values.
NormKind norm_kind(const std::string& v) {
  if (v == "instance") return NormKind::Instance;
  if (v == "batch") return NormKind::Batch;
  if (v == "none") return NormKind::None;
  throw InputError("The norm setting " + v + " is unknown; use instance, batch or none.");
}

// Official option names (options/*.py) where there is one.
const std::map<std::string, Setter>& setters() {
  static const std::map<std::string, Setter> table = {
      {"lr", [](TrainPreset& p, const std::string& v) { p.trainer.lr = number("lr", v, 1e-8, 1); }},
      {"beta1", [](TrainPreset& p, const std::string& v) { p.trainer.beta1 = number("beta1", v, 0, 0.9999); }},
      {"beta2", [](TrainPreset& p, const std::string& v) { p.trainer.beta2 = number("beta2", v, 0, 0.99999); }},
      {"batch_size", [](TrainPreset& p, const std::string& v) { p.trainer.batch_size = whole("batch_size", v, 1, 256); }},
      {"pool_size", [](TrainPreset& p, const std::string& v) { p.trainer.pool_size = whole("pool_size", v, 0, 10000); }},
      {"max_passes", [](TrainPreset& p, const std::string& v) { p.max_passes = whole("max_passes", v, 0, 1000000000); }},
      {"gan_mode", [](TrainPreset& p, const std::string& v) { p.trainer.weights.gan_mode = parse_gan_mode(v); }},
      {"lambda_A", [](TrainPreset& p, const std::string& v) { p.trainer.weights.lambda_a = number("lambda_A", v, 0, 1000); }},
      {"lambda_B", [](TrainPreset& p, const std::string& v) { p.trainer.weights.lambda_b = number("lambda_B", v, 0, 1000); }},
      {"lambda_identity",
       [](TrainPreset& p, const std::string& v) { p.trainer.weights.lambda_identity = number("lambda_identity", v, 0, 100); }},
      {"ngf", [](TrainPreset& p, const std::string& v) { p.trainer.generator.width = whole("ngf", v, 1, 1024); }},
      {"n_blocks", [](TrainPreset& p, const std::string& v) {
         if (p.trainer.generator.kind != NetKind::ResnetGenerator)
           throw InputError("The setting n_blocks needs a resnet generator.");
         p.trainer.generator.depth = whole("n_blocks", v, 0, 64);
       }},
      {"colour_path", [](TrainPreset& p, const std::string& v) { p.trainer.generator.colour_path = flag("colour_path", v); }},
      {"input_skip", [](TrainPreset& p, const std::string& v) { p.trainer.generator.input_skip = flag("input_skip", v); }},
      {"ndf", [](TrainPreset& p, const std::string& v) { p.trainer.discriminator.width = whole("ndf", v, 1, 1024); }},
      {"netD", [](TrainPreset& p, const std::string& v) {
         const NetworkSpec old = p.trainer.discriminator;
         if (v == "basic") p.trainer.discriminator = NetworkSpec::nlayer(old.width, 3);
         else if (v == "n_layers") p.trainer.discriminator = NetworkSpec::nlayer(old.width, old.depth);
         else if (v == "pixel") p.trainer.discriminator = NetworkSpec::pixel(old.width);
         else throw InputError("The setting netD=" + v + " is unknown; use basic, n_layers or pixel.");
         p.trainer.discriminator.norm = old.norm;
       }},
      {"n_layers_D", [](TrainPreset& p, const std::string& v) {
         const NetworkSpec old = p.trainer.discriminator;
         p.trainer.discriminator = NetworkSpec::nlayer(old.width, whole("n_layers_D", v, 1, 8));
         p.trainer.discriminator.norm = old.norm;
       }},
      // Ours: a discriminator without normalisation sees absolute colour and contrast, which
      // instance norm largely divides away (matters for colour-grade styles).
      {"norm_D", [](TrainPreset& p, const std::string& v) { p.trainer.discriminator.norm = norm_kind(v); }},
      {"norm_G", [](TrainPreset& p, const std::string& v) { p.trainer.generator.norm = norm_kind(v); }},
      {"load_size", [](TrainPreset& p, const std::string& v) { p.preprocess.load_size = whole("load_size", v, 16, 8192); }},
      {"crop_size", [](TrainPreset& p, const std::string& v) { p.preprocess.crop_size = whole("crop_size", v, 16, 8192); }},
      {"preprocess", [](TrainPreset& p, const std::string& v) { p.preprocess.mode = parse_preprocess_mode(v); }},
      // Ours: where the native-resolution stage starts, as a fraction of the run (1 = never).
      {"native_from", [](TrainPreset& p, const std::string& v) { p.native_from = number("native_from", v, 0, 1); }},
      // Ours: DiffAugment for the discriminators (none, translation, cutout, translation+cutout).
      {"augment_D", [](TrainPreset& p, const std::string& v) { p.trainer.augment_d = parse_augment_policy(v); }},
      // Ours: discriminators on frozen pretrained features beside the PatchGANs (models/
      // projected_discriminator.h): the feature file, and the weight of their verdicts for G and F.
      {"features_D", [](TrainPreset& p, const std::string& v) {
         if (v != "mobilenet_v2" && v != "none")
           throw InputError("The setting features_D=" + v + " is unknown; use mobilenet_v2 or none.");
         p.trainer.features_discriminator = v == "mobilenet_v2";
       }},
      {"lambda_features", [](TrainPreset& p, const std::string& v) {
         p.trainer.weights.lambda_features = number("lambda_features", v, 0, 1000);
       }},
      {"features_width", [](TrainPreset& p, const std::string& v) {
         p.trainer.features_width = whole("features_width", v, 1, 1024);
       }},
      // Ours: weight of the colour-statistics term of the generators' loss (0 = off).
      {"lambda_colour_stats", [](TrainPreset& p, const std::string& v) {
         p.trainer.weights.lambda_colour_stats = number("lambda_colour_stats", v, 0, 1000);
       }},
      // Ours: weight of the texture-statistics term of the generators' loss (0 = off).
      {"lambda_texture_stats", [](TrainPreset& p, const std::string& v) {
         p.trainer.weights.lambda_texture_stats = number("lambda_texture_stats", v, 0, 1000);
       }},
      // Ours: the texture term only for a direction whose look smooths this much at least
      // (TrainerConfig::texture_smoothing_gate; 0 = every direction).
      {"texture_smoothing_gate", [](TrainPreset& p, const std::string& v) {
         p.trainer.texture_smoothing_gate = number("texture_smoothing_gate", v, 0, 1000);
       }},
      // Ours: where generators with a colour path start (core/colour_transfer.h): tones_first
      // (luma first, then chroma), colour_transfer (the least-change map) or identity.
      {"start_G", [](TrainPreset& p, const std::string& v) {
         if (v != "tones_first" && v != "colour_transfer" && v != "identity")
           throw InputError("The setting start_G=" + v + " is unknown; use tones_first, colour_transfer or identity.");
         p.trainer.start_as_colour_transfer = v != "identity";
         p.trainer.start_luminance_first = v == "tones_first";
       }},
      // Ours: where the colour start's floor goes (core/colour_transfer.h): both domains, or the
      // source alone.
      {"start_floor", [](TrainPreset& p, const std::string& v) {
         if (v != "both" && v != "source")
           throw InputError("The setting start_floor=" + v + " is unknown; use both or source.");
         p.trainer.start_floor = v == "both" ? ColourFloor::BothDomains : ColourFloor::SourceOnly;
       }},
      // Ours: the colour start's bound on how much it amplifies any direction of colour (0 = none).
      {"start_max_gain", [](TrainPreset& p, const std::string& v) {
         p.trainer.start_max_gain = number("start_max_gain", v, 0, 100);
       }},
      // Ours: the chroma gain above which a direction's start is bounded and held more strongly,
      // and how much more (see TrainerConfig::scarce_colour_gain; 0 = off).
      {"scarce_colour_gain", [](TrainPreset& p, const std::string& v) {
         p.trainer.scarce_colour_gain = number("scarce_colour_gain", v, 0, 1000);
       }},
      {"scarce_colour_hold", [](TrainPreset& p, const std::string& v) {
         p.trainer.scarce_colour_hold = number("scarce_colour_hold", v, 0, 100);
       }},
      {"scarce_colour_cycle", [](TrainPreset& p, const std::string& v) {
         p.trainer.scarce_colour_cycle = number("scarce_colour_cycle", v, 0, 1);
       }},
      {"scarce_colour_adversarial", [](TrainPreset& p, const std::string& v) {
         p.trainer.scarce_colour_adversarial = number("scarce_colour_adversarial", v, 0, 1);
       }},
      // Ours: iterations over which G and F's rate rises from 0 to lr (0 = from the first).
      {"warmup_G", [](TrainPreset& p, const std::string& v) { p.trainer.warmup_g = whole("warmup_G", v, 0, 1000000); }},
      // Ours: weight of the anchor to the colour maps G and F started as (0 = off).
      {"lambda_start", [](TrainPreset& p, const std::string& v) { p.trainer.weights.lambda_start = number("lambda_start", v, 0, 100); }},
      // Ours: noise on the fakes the cycle reconstructs from (0 = off; see LossWeights::cycle_noise).
      {"cycle_noise", [](TrainPreset& p, const std::string& v) { p.trainer.weights.cycle_noise = number("cycle_noise", v, 0, 2); }},
      // Ours: the share of the cycle loss's gradient that reaches the fake's maker (1 = official).
      {"cycle_grad_first", [](TrainPreset& p, const std::string& v) {
         p.trainer.weights.cycle_grad_first = number("cycle_grad_first", v, 0, 1);
       }},
      // Ours: the scale in pixels at which lambda_start compares images (1 = every pixel).
      {"start_pool", [](TrainPreset& p, const std::string& v) { p.trainer.weights.start_pool = whole("start_pool", v, 1, 256); }},
      {"no_flip", [](TrainPreset& p, const std::string& v) { p.preprocess.flip = !flag("no_flip", v); }},
  };
  return table;
}

}  // namespace

std::vector<std::string> setting_keys() {
  std::vector<std::string> keys;
  for (const auto& [key, setter] : setters()) keys.push_back(key);
  return keys;
}

namespace {

struct Setting {
  std::string key, value;
};

std::vector<Setting> parse_settings(const std::string& settings) {
  std::vector<Setting> parsed;
  std::string list = settings;
  for (char& c : list)
    if (c == ',') c = ' ';
  std::istringstream in(list);
  std::string entry;
  while (in >> entry) {
    const size_t eq = entry.find('=');
    const std::string key = entry.substr(0, eq);
    if (eq == std::string::npos || !setters().count(key)) {
      std::string known;
      for (const auto& k : setting_keys()) known += (known.empty() ? "" : ", ") + k;
      throw InputError("Unknown setting \"" + entry + "\"; give KEY=VALUE with a key from: " + known + ".");
    }
    parsed.push_back({key, entry.substr(eq + 1)});
  }
  return parsed;
}

}  // namespace

std::string canonical_settings(const std::string& settings) {
  std::string list;
  for (const auto& s : parse_settings(settings)) list += (list.empty() ? "" : ",") + s.key + "=" + s.value;
  return list;
}

std::set<std::string> apply_settings(TrainPreset& preset, const std::string& settings) {
  std::set<std::string> applied;
  for (const auto& s : parse_settings(settings)) {
    setters().at(s.key)(preset, s.value);
    applied.insert(s.key);
  }
  if (preset.preprocess.load_size < preset.preprocess.crop_size &&
      preset.preprocess.mode == PreprocessMode::ResizeAndCrop)
    throw InputError("The crop_size cannot be larger than the load_size.");
  return applied;
}

}  // namespace cyclegan
