#include "plugin/gimp3/translate_procedure.h"

#include <string>
#include <utility>
#include <vector>

#include "core/cyclegan.h"
#include "plugin/common/context_region.h"
#include "plugin/common/failure.h"
#include "plugin/common/i18n.h"
#include "plugin/common/models_folder.h"
#include "plugin/common/plugin_identity.h"
#include "plugin/common/translate_values.h"
#include "plugin/gimp3/drawable_pixels.h"
#include "plugin/gimp3/translate_dialog.h"

namespace cyclegan::plugin::gimp3 {
namespace {

// Keeps all the drawables' changes in one undo step, also when a later drawable fails.
class UndoGroup {
 public:
  explicit UndoGroup(GimpImage* image) : image_(image) { gimp_image_undo_group_start(image_); }
  ~UndoGroup() { gimp_image_undo_group_end(image_); }
  UndoGroup(const UndoGroup&) = delete;
  UndoGroup& operator=(const UndoGroup&) = delete;

 private:
  GimpImage* image_;
};

std::string item_name(GimpDrawable* drawable) {
  gchar* name = gimp_item_get_name(GIMP_ITEM(drawable));
  std::string result = name ? name : "";
  g_free(name);
  return result;
}

TranslateValues values_from_config(GimpProcedureConfig* config) {
  gchar* model = nullptr;
  TranslateValues values;
  g_object_get(config, "model", &model, "direction", &values.direction, "tile-size", &values.tile_size,
               nullptr);
  values.set_model(model ? model : "");
  g_free(model);
  return values;
}

// Everything that can be wrong with a drawable is found before the first one changes.
void check_drawables(const std::vector<GimpDrawable*>& drawables) {
  if (drawables.empty()) throw InputError(_("No layer is selected: select the layers to translate."));
  for (GimpDrawable* drawable : drawables) {
    if (gimp_item_is_group(GIMP_ITEM(drawable)))
      throw InputError(format(_("\"%s\" is a layer group: select the layers inside it instead."),
                              item_name(drawable).c_str()));
    if (gimp_drawable_is_indexed(drawable))
      throw InputError(format(_("The layer \"%s\" is indexed: convert the image to RGB "
                                "(Image → Mode → RGB) and try again."),
                              item_name(drawable).c_str()));
  }
}

// The selection (or the whole drawable) of one drawable, through the shadow buffer so that
// merge_shadow applies the selection mask: a feathered selection blends.
void translate_drawable(GimpDrawable* drawable, const Model& model, const TranslateParams& params, int index,
                        int count) {
  Rect box;
  if (!gimp_drawable_mask_intersect(drawable, &box.x, &box.y, &box.width, &box.height)) return;
  Rect outer = with_context(box, gimp_drawable_get_width(drawable), gimp_drawable_get_height(drawable));
  PixelBuffer pixels = read_pixels(drawable, outer);

  Callbacks callbacks;
  callbacks.progress = [index, count](double fraction, const std::string& text) {
    gimp_progress_update((index + fraction) / count);
    if (!text.empty()) gimp_progress_set_text(text.c_str());
  };
  callbacks.warning = [](const std::string& message) { g_message("%s", message.c_str()); };
  translate(model, pixels, params, callbacks);

  PixelBuffer inside = outer == box ? std::move(pixels) : crop(pixels, outer, box);
  GeglBuffer* shadow = gimp_drawable_get_shadow_buffer(drawable);
  write_pixels(drawable, shadow, box, inside);
  g_object_unref(shadow);  // flushes the shadow tiles to GIMP before the merge
  gimp_drawable_merge_shadow(drawable, TRUE);
  gimp_drawable_update(drawable, box.x, box.y, box.width, box.height);
}

void translate_drawables(GimpImage* image, const std::vector<GimpDrawable*>& drawables,
                         const TranslateValues& values) {
  check_drawables(drawables);
  std::string model = resolve_model(values.model_string(), models_folder(gimp_directory()));
  const TranslateOptions options = to_translate_options(values, model);
  const Model opened = Model::open(options.model);  // once for every selected layer

  gimp_progress_init(_("CycleGAN Translate"));
  UndoGroup undo(image);
  const int count = static_cast<int>(drawables.size());
  for (int i = 0; i < count; ++i) translate_drawable(drawables[i], opened, options, i, count);
  gimp_progress_update(1.0);
}

GimpValueArray* failure(GimpProcedure* procedure, GimpPDBStatusType status, const std::string& message) {
  GError* error = g_error_new_literal(GIMP_PLUG_IN_ERROR, 0, message.c_str());
  return gimp_procedure_new_return_values(procedure, status, error);
}

GimpValueArray* run_translate(GimpProcedure* procedure, GimpRunMode run_mode, GimpImage* image,
                              GimpDrawable** drawables, GimpProcedureConfig* config, gpointer) {
  // GIMP has already filled `config` with the arguments (non-interactive) or the last values
  // (interactive, with-last-vals), and stores them again after a successful run.
  if (run_mode == GIMP_RUN_INTERACTIVE && !run_translate_dialog(procedure, config))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CANCEL, nullptr);

  TranslateValues values = values_from_config(config);
  std::string problem = validate(values);
  if (!problem.empty()) return failure(procedure, GIMP_PDB_CALLING_ERROR, problem);

  std::vector<GimpDrawable*> targets;
  for (GimpDrawable** d = drawables; d && *d; ++d) targets.push_back(*d);

  // The one guard of this entry point: no exception crosses into libgimp.
  try {
    translate_drawables(image, targets, values);
  } catch (...) {
    Failure f = describe_failure(std::current_exception());
    if (f.cancelled) return gimp_procedure_new_return_values(procedure, GIMP_PDB_CANCEL, nullptr);
    return failure(procedure, GIMP_PDB_EXECUTION_ERROR, f.message);
  }
  if (run_mode != GIMP_RUN_NONINTERACTIVE) gimp_displays_flush();
  return gimp_procedure_new_return_values(procedure, GIMP_PDB_SUCCESS, nullptr);
}

}  // namespace

GimpProcedure* create_translate_procedure(GimpPlugIn* plug_in) {
  GimpProcedure* procedure =
      gimp_image_procedure_new(plug_in, kTranslateProc, GIMP_PDB_PROC_TYPE_PLUGIN, run_translate, nullptr, nullptr);
  gimp_procedure_set_image_types(procedure, "RGB*, GRAY*");
  gimp_procedure_set_sensitivity_mask(procedure,
                                      GIMP_PROCEDURE_SENSITIVE_DRAWABLE | GIMP_PROCEDURE_SENSITIVE_DRAWABLES);
  gimp_procedure_set_menu_label(procedure, N_("_Translate..."));
  gimp_procedure_add_menu_path(procedure, kMenuPath);
  gimp_procedure_set_documentation(
      procedure, N_("Translate the layer into the other style with a CycleGAN model"),
      N_("Applies a CycleGAN generator (a model trained with \"Train Style Pair\" or an official "
         "pretrained .pth) to the selection of each selected layer, or to the whole layer when "
         "there is no selection. Alpha is kept."),
      kTranslateHelpId);
  gimp_procedure_set_attribution(procedure, "cyclegan-gimp authors", "cyclegan-gimp authors", "2026");

  gimp_procedure_add_string_argument(procedure, "model", _("_Model"),
                                     _("Model file, or the name of an installed model"), "",
                                     G_PARAM_READWRITE);
  gimp_procedure_add_int_argument(procedure, "direction", _("_Direction"),
                                  _("0 = domain A to B, 1 = domain B to A"), 0, 1, 0, G_PARAM_READWRITE);
  gimp_procedure_add_int_argument(procedure, "tile-size", _("_Tile size"),
                                  _("Tile size in pixels, 0 = automatic"), 0, kMaxTileSize, 0,
                                  G_PARAM_READWRITE);
  return procedure;
}

}  // namespace cyclegan::plugin::gimp3
