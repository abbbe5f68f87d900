#include "plugin/common/procedure_specs.h"

#include "plugin/common/i18n.h"
#include "plugin/common/plugin_identity.h"

namespace cyclegan::plugin {

const ProcedureSpec& translate_procedure_spec() {
  static const ProcedureSpec spec = {
      kTranslateProc,
      N_("CycleGAN _Translate..."),
      N_("Translate the layer into the other style with a CycleGAN model"),
      N_("Applies a CycleGAN generator (a model trained with \"Train Style Pair\" or an official "
         "pretrained .pth) to the selection of the layer, or to the whole layer when there is no "
         "selection, at full resolution, tile by tile. Alpha is kept."),
      "RGB*, GRAY*",
      kTranslateHelpId,
      {
          {ArgumentType::Text, "model", N_("_Model"),
           N_("Model file (.cgan or official generator .pth), or the name of a model in the "
              "cyclegan-models folder of the GIMP profile")},
          {ArgumentType::Integer, "direction", N_("_Direction"),
           N_("0 = domain A to B (G), 1 = domain B to A (F); ignored for an official generator"), 0, 1, 0},
          {ArgumentType::Integer, "tile-size", N_("_Tile size"),
           N_("Tile size in pixels (64..4096), 0 = automatic"), 0, kMaxTileSize, 0},
          {ArgumentType::Integer, "output", N_("O_utput"),
           N_("0 = replace the layer's pixels, 1 = a new layer above the layer, named after the model and "
              "direction (the original stays)"),
           0, 1, 1},
          {ArgumentType::Real, "opacity", N_("O_pacity"), N_("Opacity of the result over the original, in percent"),
           0, 100, 100},
      },
  };
  return spec;
}

const ProcedureSpec& train_procedure_spec() {
  static const ProcedureSpec spec = {
      kTrainProc,
      N_("Train _Style Pair..."),
      N_("Train a CycleGAN style pair from layer groups, images or folders"),
      N_("Trains the two generators of a CycleGAN (A to B and B to A) from unpaired images and saves the "
         "model in the cyclegan-models folder of the GIMP profile, where CycleGAN Translate finds it. "
         "Stopping keeps the model trained so far."),
      "*",
      kTrainHelpId,
      {
          {ArgumentType::Text, "source-a", N_("Source _A"),
           N_("Domain A images: \"group:NAME\" (layer group of the image), \"image:NAME\" (every layer of an "
              "open image), \"folder:PATH\", or a bare name/path tried in the order folder, group, image")},
          {ArgumentType::Text, "source-b", N_("Source _B"), N_("Domain B images, like source-a")},
          {ArgumentType::Text, "model-name", N_("Model _name"),
           N_("Name of the model in the cyclegan-models folder (no extension)")},
          {ArgumentType::Real, "minutes", N_("_Minutes"), N_("Time budget in minutes"), 0.001, 60.0 * 24 * 30, 10},
          {ArgumentType::Integer, "preset", N_("_Preset"), N_("0 = quick (CPU), 1 = paper"), 0, 1, 0},
          {ArgumentType::Integer, "image-size", N_("Training _size"), N_("Training crop in pixels, 0 = the preset's"),
           0, 1024, 0},
          // An integer, not a boolean, so that scripts written for GIMP 2.10 pass 0/1 unchanged in GIMP 3.
          {ArgumentType::Integer, "resume", N_("_Resume"), N_("1 = continue training the existing model of that name"),
           0, 1, 0},
          {ArgumentType::Real, "seconds-per-iteration", "Seconds per iteration", "Measured on the last run", 0, 1e9,
           0, true},
          {ArgumentType::Integer, "measured-preset", "Measured preset", "Preset of that run", -1, 2, -1, true},
          {ArgumentType::Integer, "measured-image-size", "Measured size", "Size of that run", 0, 1024, 0, true},
      },
  };
  return spec;
}

TranslateValues translate_values_from(const ArgumentReader& arguments) {
  TranslateValues values;
  values.set_model(arguments.text("model"));
  values.direction = arguments.integer("direction");
  values.tile_size = arguments.integer("tile-size");
  values.output = arguments.integer("output");
  values.opacity = arguments.real("opacity");
  return values;
}

TrainValues train_values_from(const ArgumentReader& arguments) {
  TrainValues values;
  TrainValues::set(values.source_a, sizeof values.source_a, arguments.text("source-a"));
  TrainValues::set(values.source_b, sizeof values.source_b, arguments.text("source-b"));
  TrainValues::set(values.model_name, sizeof values.model_name, arguments.text("model-name"));
  values.minutes = arguments.real("minutes");
  values.preset = arguments.integer("preset");
  values.image_size = arguments.integer("image-size");
  values.resume = arguments.integer("resume");
  values.seconds_per_iteration = arguments.real("seconds-per-iteration");
  values.measured_preset = arguments.integer("measured-preset");
  values.measured_image_size = arguments.integer("measured-image-size");
  return values;
}

}  // namespace cyclegan::plugin
