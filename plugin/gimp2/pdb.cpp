#include "plugin/gimp2/pdb.h"

#include <cstring>
#include <string>
#include <vector>

#include "plugin/common/i18n.h"
#include "plugin/common/plugin_identity.h"

namespace cyclegan::plugin::gimp2 {
namespace {

constexpr int kLeadingArguments = 3;  // run-mode, image, drawable

std::vector<const ArgumentSpec*> script_arguments(const ProcedureSpec& spec) {
  std::vector<const ArgumentSpec*> result;
  for (const ArgumentSpec& argument : spec.arguments)
    if (!argument.remembered_only) result.push_back(&argument);
  return result;
}

GimpPDBArgType pdb_type(ArgumentType type) {
  switch (type) {
    case ArgumentType::Text: return GIMP_PDB_STRING;
    case ArgumentType::Integer: return GIMP_PDB_INT32;
    case ArgumentType::Real: return GIMP_PDB_FLOAT;
  }
  return GIMP_PDB_STRING;
}

GimpParamDef param(GimpPDBArgType type, const char* name, const char* description) {
  return {type, const_cast<gchar*>(name), const_cast<gchar*>(description)};
}

}  // namespace

void register_procedure(const ProcedureSpec& spec) {
  std::vector<GimpParamDef> args = {
      param(GIMP_PDB_INT32, "run-mode", "The run mode { RUN-INTERACTIVE (0), RUN-NONINTERACTIVE (1), RUN-WITH-LAST-VALS (2) }"),
      param(GIMP_PDB_IMAGE, "image", "Input image"),
      param(GIMP_PDB_DRAWABLE, "drawable", "Layer to work on"),
  };
  for (const ArgumentSpec* argument : script_arguments(spec))
    args.push_back(param(pdb_type(argument->type), argument->name, argument->blurb));
  gimp_install_procedure(spec.name, spec.blurb, spec.help, "cyclegan-gimp authors", "cyclegan-gimp authors", "2026",
                         spec.menu_label, spec.image_types, GIMP_PLUGIN, static_cast<gint>(args.size()), 0,
                         args.data(), nullptr);
  gimp_plugin_menu_register(spec.name, kMenuPath);
}

ArgumentReader pdb_arguments(const ProcedureSpec& spec, gint nparams, const GimpParam* params) {
  const std::vector<const ArgumentSpec*> arguments = script_arguments(spec);
  const int expected = kLeadingArguments + static_cast<int>(arguments.size());
  if (nparams != expected) throw CallingError(format(_("%s takes %d arguments, not %d."), spec.name, expected, nparams));
  // The GimpParam of `name`, or null for a remembered-only argument (it reads as its default).
  auto find = [arguments, params](const char* name) -> const GimpParam* {
    for (size_t i = 0; i < arguments.size(); ++i)
      if (std::strcmp(arguments[i]->name, name) == 0) return &params[kLeadingArguments + i];
    return nullptr;
  };
  auto fallback = [&spec](const char* name) {
    for (const ArgumentSpec& argument : spec.arguments)
      if (std::strcmp(argument.name, name) == 0) return argument.default_value;
    return 0.0;
  };
  ArgumentReader reader;
  reader.text = [find](const char* name) {
    const GimpParam* p = find(name);
    return std::string(p && p->data.d_string ? p->data.d_string : "");
  };
  reader.integer = [find, fallback](const char* name) {
    const GimpParam* p = find(name);
    return p ? static_cast<int>(p->data.d_int32) : static_cast<int>(fallback(name));
  };
  reader.real = [find, fallback](const char* name) {
    const GimpParam* p = find(name);
    return p ? p->data.d_float : fallback(name);
  };
  return reader;
}

RunMode run_mode_of(const GimpParam* params) {
  switch (static_cast<GimpRunMode>(params[0].data.d_int32)) {
    case GIMP_RUN_INTERACTIVE: return RunMode::Interactive;
    case GIMP_RUN_WITH_LAST_VALS: return RunMode::WithLastValues;
    default: return RunMode::NonInteractive;
  }
}

void set_return(const RunOutcome& outcome, RunMode mode, gint* nreturn_vals, GimpParam** return_vals) {
  static GimpParam values[2];
  static std::string stored_message;
  stored_message = outcome.message;
  if (!stored_message.empty() && mode == RunMode::Interactive) g_message("%s", stored_message.c_str());
  values[0].type = GIMP_PDB_STATUS;
  switch (outcome.status) {
    case RunStatus::Success: values[0].data.d_status = GIMP_PDB_SUCCESS; break;
    case RunStatus::Cancel: values[0].data.d_status = GIMP_PDB_CANCEL; break;
    case RunStatus::CallingError: values[0].data.d_status = GIMP_PDB_CALLING_ERROR; break;
    case RunStatus::ExecutionError: values[0].data.d_status = GIMP_PDB_EXECUTION_ERROR; break;
  }
  *nreturn_vals = 1;
  if (!stored_message.empty()) {
    values[1].type = GIMP_PDB_STRING;
    values[1].data.d_string = const_cast<gchar*>(stored_message.c_str());
    *nreturn_vals = 2;
  }
  *return_vals = values;
}

}  // namespace cyclegan::plugin::gimp2
