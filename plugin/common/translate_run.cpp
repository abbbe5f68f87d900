#include "plugin/common/translate_run.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>

#include "base/errors.h"
#include "plugin/common/i18n.h"
#include "plugin/common/models_folder.h"
#include "plugin/common/train_source.h"

namespace cyclegan::plugin {
namespace {

// Below this mean colourfulness (1/255 of a level) a result reads as gray.
constexpr double kVisibleColourfulness = 3.0 / 255;

// Whether the chosen generator gives colour to gray pictures, judged on a small gray ramp: a
// grayscale layer keeps only the gray of its result, which is worth a question only then.
bool adds_colour(const Model& model, const TranslateParams& params) {
  constexpr int kSide = 64;
  PixelBuffer ramp{kSide, kSide, 3, std::vector<float>(static_cast<size_t>(kSide) * kSide * 3)};
  for (int y = 0; y < kSide; ++y)
    for (int x = 0; x < kSide; ++x)
      for (int c = 0; c < 3; ++c)
        ramp.data[(static_cast<size_t>(y) * kSide + x) * 3 + c] = static_cast<float>(x + y) / (2 * kSide - 2);
  try {
    translate(model, ramp, params);
  } catch (...) {
    return false;  // the layers' own translation then says what is wrong, in its words
  }
  return mean_colourfulness(ramp) > kVisibleColourfulness;
}

// Asks whether to convert the image to RGB first when a selected layer is grayscale and the model
// would colour it: the user chooses between the model's colours and a gray result.
bool convert_to_rgb_first(Host& host, const std::vector<ItemId>& drawables, const Model& model,
                          const TranslateParams& params) {
  const auto gray = std::find_if(drawables.begin(), drawables.end(), [&](ItemId d) { return host.is_gray(d); });
  if (gray == drawables.end() || !adds_colour(model, params)) return false;
  return host.ask(format(_("The layer \"%s\" is grayscale, but this model paints in colour: a grayscale layer "
                           "keeps only the gray of the result. Convert the image to RGB first?"),
                         host.item_name(*gray).c_str()),
                  _("Convert to _RGB"), _("Keep _Grayscale"));
}

void check_drawables(const Host& host, const std::vector<ItemId>& drawables) {
  if (drawables.empty()) throw InputError(_("No layer is selected: select the layers to translate."));
  for (ItemId drawable : drawables) {
    const std::string name = host.item_name(drawable);
    if (host.is_group(drawable))
      throw InputError(format(_("\"%s\" is a layer group: select the layers inside it instead."), name.c_str()));
    if (!host.is_layer(drawable))
      throw InputError(_("CycleGAN translates the pixels of a layer: select a layer (not a layer group, "
                         "mask or channel)."));
    if (host.is_indexed(drawable))
      throw InputError(format(_("The layer \"%s\" is indexed: convert the image to RGB "
                                "(Image → Mode → RGB) and try again."),
                              name.c_str()));
  }
}

// "horse → zebra"; an official generator has no domain names, only its file's.
std::string direction_text(const ModelInfo& info, const TranslateParams& params) {
  if (info.official || info.domain_a.empty()) return info.display_name();
  const bool a_to_b = params.direction == Direction::AtoB;
  return (a_to_b ? info.domain_a : info.domain_b) + " → " + (a_to_b ? info.domain_b : info.domain_a);
}

// The new layer's name: the model's file and the direction, "h2z: horse → zebra".
std::string result_layer_name(const ModelInfo& info, const TranslateParams& params) {
  return file_stem(info.path) + ": " + direction_text(info, params);
}

// Below 100 %, the replaced pixels are a mix of the result and the original.
void blend_over(PixelBuffer& result, const PixelBuffer& original, double opacity) {
  const float weight = static_cast<float>(opacity / 100.0);
  for (size_t i = 0; i < result.data.size(); ++i)
    result.data[i] = weight * result.data[i] + (1 - weight) * original.data[i];
}

struct LayerJob {
  const Model& model;
  const TranslateParams& params;
  const TranslateValues& values;
  std::string result_name;
};

void translate_layer(Host& host, ItemId drawable, const LayerJob& job, int index, int count) {
  Rect box;
  if (!host.selection_bounds(drawable, box)) return;  // the selection does not touch this layer
  Callbacks callbacks;
  // Cancel on GIMP's progress ends the plug-in process before the shadow is merged, so the layer
  // stays as it was: there is nothing to poll here.
  callbacks.progress = [&host, index, count](double fraction, const std::string& text) {
    host.progress((index + fraction) / count, text);
  };
  callbacks.warning = [&host](const std::vector<Message>& sentences) { host.warn(sentences); };
  PixelBuffer result = translate_region(host, drawable, job.model, job.params, box, callbacks);

  ItemId target = drawable;
  if (job.values.output == 1)
    target = host.add_layer_copy(drawable, job.result_name, job.values.opacity);
  else if (job.values.opacity < 100)
    blend_over(result, host.read(drawable, box, false), job.values.opacity);
  host.write_through_selection(target, box, result);
}

// Ends the undo group also when a later layer fails: what was done stays one step.
class UndoGroup {
 public:
  UndoGroup(Host& host, ItemId image) : host_(host), image_(image) { host_.begin_undo_group(image_); }
  ~UndoGroup() { host_.end_undo_group(image_); }
  UndoGroup(const UndoGroup&) = delete;
  UndoGroup& operator=(const UndoGroup&) = delete;

 private:
  Host& host_;
  ItemId image_;
};

}  // namespace

double mean_colourfulness(const PixelBuffer& pixels) {
  if (pixels.color_channels() < 3 || pixels.width * pixels.height == 0) return 0;
  double sum = 0;
  const size_t count = static_cast<size_t>(pixels.width) * pixels.height;
  for (size_t i = 0; i < count; ++i) {
    const float* p = &pixels.data[i * pixels.channels];
    sum += std::max({p[0], p[1], p[2]}) - std::min({p[0], p[1], p[2]});
  }
  return sum / static_cast<double>(count);
}

RegionPixels read_region(const Host& host, ItemId drawable, const Rect& area) {
  int width = 0, height = 0;
  host.size(drawable, width, height);
  RegionPixels region;
  region.area = area;
  region.outer = with_context(area, width, height);
  region.pixels = host.read(drawable, region.outer, false);
  return region;
}

PixelBuffer translate_read_region(RegionPixels region, const Model& model, const TranslateParams& params,
                                  const Callbacks& callbacks) {
  translate(model, region.pixels, params, callbacks);
  return region.outer == region.area ? std::move(region.pixels) : crop(region.pixels, region.outer, region.area);
}

PixelBuffer translate_region(const Host& host, ItemId drawable, const Model& model, const TranslateParams& params,
                             const Rect& area, const Callbacks& callbacks) {
  return translate_read_region(read_region(host, drawable, area), model, params, callbacks);
}

void translate_layers(Host& host, ItemId image, const std::vector<ItemId>& drawables, const TranslateValues& values,
                      bool interactive) {
  check_drawables(host, drawables);
  const std::string path = resolve_model(values.model_string(), models_folder(host.gimp_directory()));
  const TranslateOptions options = to_translate_options(values, path);
  const Model model = Model::open(path);  // once for every selected layer
  const ModelInfo& info = model.info();
  const bool convert = interactive && convert_to_rgb_first(host, drawables, model, options);
  host.progress_start(format(_("CycleGAN: %s"), direction_text(info, options).c_str()));

  {
    UndoGroup undo(host, image);
    if (convert) host.convert_to_rgb(image);
    const LayerJob job{model, options, values, result_layer_name(info, options)};
    const int count = static_cast<int>(drawables.size());
    for (int i = 0; i < count; ++i) translate_layer(host, drawables[i], job, i, count);
  }
  host.progress(1.0, "");
}

}  // namespace cyclegan::plugin
