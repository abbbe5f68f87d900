#include "plugin/gimp3/config.h"

#include <string>

#include "plugin/common/i18n.h"

namespace cyclegan::plugin::gimp3 {

void add_arguments(GimpProcedure* procedure, const ProcedureSpec& spec) {
  const GParamFlags rw = G_PARAM_READWRITE;
  for (const ArgumentSpec& a : spec.arguments) {
    const char* label = _(a.label);
    const char* blurb = _(a.blurb);
    switch (a.type) {
      case ArgumentType::Text:
        gimp_procedure_add_string_argument(procedure, a.name, label, blurb, "", rw);
        break;
      case ArgumentType::Integer:
        (a.remembered_only ? gimp_procedure_add_int_aux_argument : gimp_procedure_add_int_argument)(
            procedure, a.name, label, blurb, static_cast<int>(a.minimum), static_cast<int>(a.maximum),
            static_cast<int>(a.default_value), rw);
        break;
      case ArgumentType::Real:
        (a.remembered_only ? gimp_procedure_add_double_aux_argument : gimp_procedure_add_double_argument)(
            procedure, a.name, label, blurb, a.minimum, a.maximum, a.default_value, rw);
        break;
    }
  }
}

ArgumentReader config_arguments(GimpProcedureConfig* config) {
  ArgumentReader reader;
  reader.text = [config](const char* name) {
    gchar* value = nullptr;
    g_object_get(config, name, &value, nullptr);
    std::string result = value ? value : "";
    g_free(value);
    return result;
  };
  reader.integer = [config](const char* name) {
    gint value = 0;
    g_object_get(config, name, &value, nullptr);
    return static_cast<int>(value);
  };
  reader.real = [config](const char* name) {
    gdouble value = 0;
    g_object_get(config, name, &value, nullptr);
    return static_cast<double>(value);
  };
  return reader;
}

}  // namespace cyclegan::plugin::gimp3
