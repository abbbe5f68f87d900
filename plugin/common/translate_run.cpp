#include "plugin/common/translate_run.h"

#include <string>
#include <utility>

#include "base/errors.h"
#include "plugin/common/i18n.h"
#include "plugin/common/models_folder.h"

namespace cyclegan::plugin {
namespace {

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

// "CycleGAN: horse → zebra" for the progress bar; official generators have no domain names.
std::string progress_title(const ModelInfo& info, const TranslateParams& params) {
  std::string what = info.display_name();
  if (!info.official && !info.domain_a.empty()) {
    const bool a_to_b = params.direction == Direction::AtoB;
    what = (a_to_b ? info.domain_a : info.domain_b) + " → " + (a_to_b ? info.domain_b : info.domain_a);
  }
  return format(_("CycleGAN: %s"), what.c_str());
}

void translate_layer(Host& host, ItemId drawable, const Model& model, const TranslateParams& params, int index,
                     int count) {
  Rect box;
  if (!host.selection_bounds(drawable, box)) return;  // the selection does not touch this layer
  int width = 0, height = 0;
  host.size(drawable, width, height);
  const Rect outer = with_context(box, width, height);
  PixelBuffer pixels = host.read(drawable, outer, false);

  Callbacks callbacks;
  // Cancel on GIMP's progress ends the plug-in process before the shadow is merged, so the layer
  // stays as it was: there is nothing to poll here.
  callbacks.progress = [&host, index, count](double fraction, const std::string& text) {
    host.progress((index + fraction) / count, text);
  };
  callbacks.warning = [&host](const std::string& message) { host.message(message); };
  translate(model, pixels, params, callbacks);
  host.write_through_selection(drawable, box, outer == box ? std::move(pixels) : crop(pixels, outer, box));
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

void translate_layers(Host& host, ItemId image, const std::vector<ItemId>& drawables,
                      const TranslateValues& values) {
  check_drawables(host, drawables);
  const std::string path = resolve_model(values.model_string(), models_folder(host.gimp_directory()));
  const TranslateOptions options = to_translate_options(values, path);
  const Model model = Model::open(path);  // once for every selected layer
  host.progress_start(progress_title(read_model_info(path), options));

  UndoGroup undo(host, image);
  const int count = static_cast<int>(drawables.size());
  for (int i = 0; i < count; ++i) translate_layer(host, drawables[i], model, options, i, count);
  host.progress(1.0, "");
}

}  // namespace cyclegan::plugin
