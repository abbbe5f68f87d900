#include "plugin/gimp3/train_config.h"

#include <string>

#include "plugin/common/i18n.h"

namespace cyclegan::plugin::gimp3 {

void add_train_arguments(GimpProcedure* procedure) {
  const GParamFlags rw = G_PARAM_READWRITE;
  gimp_procedure_add_string_argument(
      procedure, "source-a", _("Source _A"),
      _("Domain A images: \"group:NAME\" (layer group of the image), \"image:NAME\" (every layer of an open "
        "image), \"folder:PATH\", or a bare name/path tried in the order folder, group, image"),
      "", rw);
  gimp_procedure_add_string_argument(procedure, "source-b", _("Source _B"), _("Domain B images, like source-a"),
                                     "", rw);
  gimp_procedure_add_string_argument(procedure, "model-name", _("Model _name"),
                                     _("Name of the model in the cyclegan-models folder (no extension)"), "", rw);
  gimp_procedure_add_double_argument(procedure, "minutes", _("_Minutes"), _("Time budget in minutes"), 0.001,
                                     60.0 * 24 * 30, 10, rw);
  gimp_procedure_add_int_argument(procedure, "preset", _("_Preset"), _("0 = quick (CPU), 1 = paper"),
                                  0, 1, 0, rw);
  gimp_procedure_add_int_argument(procedure, "image-size", _("Training _size"),
                                  _("Training crop in pixels, 0 = the preset's"), 0, 1024, 0, rw);
  // An int, not a boolean, so that scripts written for GIMP 2.10 pass 0/1 unchanged.
  gimp_procedure_add_int_argument(procedure, "resume", _("_Resume"),
                                  _("1 = continue training the existing model of that name"), 0, 1, 0, rw);
  gimp_procedure_add_double_aux_argument(procedure, "seconds-per-iteration", "Seconds per iteration",
                                         "Measured on the last run", 0, G_MAXDOUBLE, 0, rw);
  gimp_procedure_add_int_aux_argument(procedure, "measured-preset", "Measured preset", "Preset of that run", -1,
                                      2, -1, rw);
  gimp_procedure_add_int_aux_argument(procedure, "measured-image-size", "Measured size", "Size of that run", 0,
                                      1024, 0, rw);
}

TrainValues train_values_from_config(GimpProcedureConfig* config) {
  gchar *a = nullptr, *b = nullptr, *name = nullptr;
  TrainValues values;
  g_object_get(config, "source-a", &a, "source-b", &b, "model-name", &name, "minutes", &values.minutes, "preset",
               &values.preset, "image-size", &values.image_size, "resume", &values.resume,
               "seconds-per-iteration", &values.seconds_per_iteration, "measured-preset", &values.measured_preset,
               "measured-image-size", &values.measured_image_size, nullptr);
  TrainValues::set(values.source_a, sizeof values.source_a, a ? a : "");
  TrainValues::set(values.source_b, sizeof values.source_b, b ? b : "");
  TrainValues::set(values.model_name, sizeof values.model_name, name ? name : "");
  g_free(a);
  g_free(b);
  g_free(name);
  return values;
}

void store_measured_speed(GimpProcedureConfig* config, const TrainValues& values) {
  g_object_set(config, "seconds-per-iteration", values.seconds_per_iteration, "measured-preset",
               values.measured_preset, "measured-image-size", values.measured_image_size, nullptr);
}

}  // namespace cyclegan::plugin::gimp3
