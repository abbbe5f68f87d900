// plug-in-cyclegan-translate for GIMP 2.10: Filters → CycleGAN → Translate…
// run() is one switch on the run mode (last values, dialog or argument check), then the worker;
// its single try/catch is the only place where core exceptions become a PDB status.
#include <libgimp/gimp.h>

#include <exception>
#include <string>

#include "core/cyclegan.h"
#include "plugin/common/context_region.h"
#include "plugin/common/failure.h"
#include "plugin/common/i18n.h"
#include "plugin/common/models_folder.h"
#include "plugin/common/plugin_identity.h"
#include "plugin/common/translate_values.h"
#include "plugin/gimp2/drawable_pixels.h"
#include "plugin/gimp2/pdb_status.h"
#include "plugin/gimp2/procedures.h"
#include "plugin/gimp2/translate_dialog.h"

namespace cyclegan::plugin::gimp2 {
namespace {

constexpr int kArgumentCount = 6;  // run-mode, image, drawable, model, direction, tile-size

// A failure of the caller's arguments (GIMP_PDB_CALLING_ERROR rather than an execution error).
struct CallingError : InputError {
  using InputError::InputError;
};

TranslateValues last_values() {
  TranslateValues values;
  TranslateValues stored;
  if (gimp_get_data_size(kTranslateProc) == static_cast<gint>(sizeof stored)) {
    gimp_get_data(kTranslateProc, &stored);
    if (stored.version == kTranslateValuesVersion) values = stored;  // another layout: ignore it
  }
  return values;
}

TranslateValues values_from_arguments(gint nparams, const GimpParam* params) {
  if (nparams != kArgumentCount)
    throw CallingError(format(_("%s takes %d arguments, not %d."), kTranslateProc, kArgumentCount, nparams));
  TranslateValues values;
  values.set_model(params[3].data.d_string ? params[3].data.d_string : "");
  values.direction = params[4].data.d_int32;
  values.tile_size = params[5].data.d_int32;
  return values;
}

void check_drawable(gint32 drawable) {
  if (!gimp_item_is_layer(drawable) || gimp_item_is_group(drawable))
    throw InputError(_("CycleGAN translates the pixels of a layer: select a layer (not a layer group, "
                       "mask or channel)."));
  if (gimp_drawable_is_indexed(drawable))
    throw InputError(_("CycleGAN cannot translate an indexed image: convert it with Image → Mode → RGB "
                       "first."));
}

// "horse → zebra" for the progress bar; official generators have no domain names.
std::string direction_text(const ModelInfo& info, const TranslateOptions& options) {
  if (info.official || info.domain_a.empty()) return info.display_name();
  const bool a_to_b = options.direction == Direction::AtoB;
  return format("%s → %s", (a_to_b ? info.domain_a : info.domain_b).c_str(),
                (a_to_b ? info.domain_b : info.domain_a).c_str());
}

// The selection (or the whole layer) is translated with real context around it, written to the
// shadow buffer and merged through the selection mask in one undo step.
void translate_drawable(gint32 image, gint32 drawable, const TranslateOptions& options) {
  Rect bounds;
  if (!gimp_drawable_mask_intersect(drawable, &bounds.x, &bounds.y, &bounds.width, &bounds.height))
    return;  // the selection does not touch this layer: nothing to do
  const Rect area = with_context(bounds, gimp_drawable_width(drawable), gimp_drawable_height(drawable));

  const ModelInfo info = read_model_info(options.model);  // fails early on a corrupt model
  gimp_progress_init(format(_("CycleGAN: %s"), direction_text(info, options).c_str()).c_str());

  PixelBuffer pixels = read_pixels(drawable, area);
  Callbacks callbacks;
  // GIMP 2.10's Cancel on a plug-in's progress ends the plug-in process; the shadow buffer is then
  // never merged, so the layer stays as it was. There is nothing to poll here.
  callbacks.progress = [](double fraction, const std::string&) { gimp_progress_update(fraction); };
  callbacks.warning = [](const std::string& message) { g_message("%s", message.c_str()); };
  translate(pixels, options, callbacks);

  write_shadow_pixels(drawable, bounds, crop(pixels, area, bounds));
  gimp_image_undo_group_start(image);
  gimp_drawable_merge_shadow(drawable, TRUE);
  gimp_drawable_update(drawable, bounds.x, bounds.y, bounds.width, bounds.height);
  gimp_image_undo_group_end(image);
  gimp_progress_update(1.0);
}

}  // namespace

void register_translate() {
  static const GimpParamDef args[] = {
      {GIMP_PDB_INT32, const_cast<gchar*>("run-mode"),
       const_cast<gchar*>("The run mode { RUN-INTERACTIVE (0), RUN-NONINTERACTIVE (1), RUN-WITH-LAST-VALS (2) }")},
      {GIMP_PDB_IMAGE, const_cast<gchar*>("image"), const_cast<gchar*>("Input image")},
      {GIMP_PDB_DRAWABLE, const_cast<gchar*>("drawable"), const_cast<gchar*>("Layer to translate")},
      {GIMP_PDB_STRING, const_cast<gchar*>("model"),
       const_cast<gchar*>("Model file (.cgan or official generator .pth), or the name of a model in the "
                          "cyclegan-models folder of the GIMP profile")},
      {GIMP_PDB_INT32, const_cast<gchar*>("direction"),
       const_cast<gchar*>("0 = domain A to B (G), 1 = domain B to A (F); ignored for an official generator")},
      {GIMP_PDB_INT32, const_cast<gchar*>("tile-size"),
       const_cast<gchar*>("Tile size in pixels (64..4096), 0 = automatic")},
  };
  gimp_install_procedure(kTranslateProc, N_("Translate the layer's style with a CycleGAN model"),
                         "Runs a CycleGAN generator (horse to zebra, photo to painting, ...) on the "
                         "selection or the whole layer, at full resolution, tile by tile.",
                         "cyclegan-gimp authors", "cyclegan-gimp authors", "2026", N_("_Translate..."),
                         "RGB*, GRAY*", GIMP_PLUGIN, G_N_ELEMENTS(args), 0, args, nullptr);
  gimp_plugin_menu_register(kTranslateProc, kMenuPath);
}

void run_translate(gint nparams, const GimpParam* params, gint* nreturn_vals, GimpParam** return_vals) {
  const auto run_mode = static_cast<GimpRunMode>(params[0].data.d_int32);
  GimpPDBStatusType status = GIMP_PDB_SUCCESS;
  std::string message;
  try {
    gegl_init(nullptr, nullptr);
    const gint32 image = params[1].data.d_image;
    const gint32 drawable = params[2].data.d_drawable;
    const std::string folder = models_folder(gimp_directory());
    TranslateValues values;
    switch (run_mode) {
      case GIMP_RUN_INTERACTIVE:
        values = last_values();
        ensure_models_folder(folder);
        if (!run_translate_dialog(values, folder)) throw Cancelled();
        break;
      case GIMP_RUN_NONINTERACTIVE:
        values = values_from_arguments(nparams, params);
        if (std::string problem = validate(values); !problem.empty()) throw CallingError(problem);
        break;
      case GIMP_RUN_WITH_LAST_VALS:
        values = last_values();
        break;
    }
    if (std::string problem = validate(values); !problem.empty()) throw InputError(problem);
    check_drawable(drawable);
    translate_drawable(image, drawable,
                       to_translate_options(values, resolve_model(values.model_string(), folder)));
    if (run_mode != GIMP_RUN_NONINTERACTIVE) gimp_displays_flush();
    if (run_mode == GIMP_RUN_INTERACTIVE) gimp_set_data(kTranslateProc, &values, sizeof values);
  } catch (const CallingError& e) {
    status = GIMP_PDB_CALLING_ERROR;
    message = e.what();
  } catch (...) {
    const Failure failure = describe_failure(std::current_exception());
    status = failure.cancelled ? GIMP_PDB_CANCEL : GIMP_PDB_EXECUTION_ERROR;
    message = failure.message;
  }
  if (!message.empty() && run_mode == GIMP_RUN_INTERACTIVE) g_message("%s", message.c_str());
  set_return(status, message, nreturn_vals, return_vals);
}

}  // namespace cyclegan::plugin::gimp2
