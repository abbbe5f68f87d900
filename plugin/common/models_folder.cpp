#include "plugin/common/models_folder.h"

#include <glib.h>
#include <glib/gstdio.h>

#include <cerrno>

#include "base/errors.h"
#include "plugin/common/i18n.h"
#include "plugin/common/plugin_identity.h"

namespace cyclegan::plugin {
namespace {

std::string join(const std::string& folder, const std::string& name) {
  gchar* path = g_build_filename(folder.c_str(), name.c_str(), nullptr);
  std::string result = path;
  g_free(path);
  return result;
}

bool is_file(const std::string& path) { return g_file_test(path.c_str(), G_FILE_TEST_IS_REGULAR); }

}  // namespace

std::string models_folder(const std::string& gimp_dir) { return join(gimp_dir, kModelsFolderName); }

std::string model_list_label(const ModelInfo& model) {
  gchar* base = g_path_get_basename(model.path.c_str());
  std::string details = model.official ? std::string(_("official generator")) : std::string(base);
  g_free(base);
  if (!model.official) {
    // Dates are ISO 8601; the day is enough to tell models apart.
    if (model.updated.size() >= 10) details += ", " + model.updated.substr(0, 10);
    details += ", " + (model.iterations > 0
                           ? format(_("%lld iterations"), static_cast<long long>(model.iterations))
                           : std::string(_("imported")));
    if (!model.preset.empty()) details += ", " + model.preset;
  }
  return model.display_name() + " — " + details;
}

void ensure_models_folder(const std::string& folder) {
  if (g_mkdir_with_parents(folder.c_str(), 0755) != 0)
    throw OutputError(format(_("Cannot create the models folder \"%s\" (%s): check its permissions."),
                             folder.c_str(), g_strerror(errno)));
}

std::string resolve_model(const std::string& model, const std::string& folder) {
  if (model.empty()) throw InputError(_("No model was given: choose a model file or an installed model."));
  if (is_file(model)) return model;
  // A bare name is looked up among the installed models; a path is never reinterpreted.
  const bool looks_like_path = model.find(G_DIR_SEPARATOR) != std::string::npos;
  // A path to a named pipe, a device or a folder: the model loader refuses it, with the sentence
  // `cyclegan translate` gives for the same path.
  if (looks_like_path && g_file_test(model.c_str(), G_FILE_TEST_EXISTS)) return model;
  if (!looks_like_path) {
    for (const std::string& candidate : {join(folder, model), join(folder, model + ".cgan")})
      if (is_file(candidate)) return candidate;
  }
  if (looks_like_path)
    throw InputError(format(_("The model file \"%s\" does not exist: check the path."), model.c_str()));
  throw InputError(format(_("There is no model named \"%s\" in \"%s\": give a model file or the name "
                            "of an installed model."),
                          model.c_str(), folder.c_str()));
}

}  // namespace cyclegan::plugin
