// The GIMP 2.10 plug-in executable: one binary that registers every CycleGAN procedure and hands
// each call to procedures.cpp. GIMP starts a new process for
// each call, so nothing here outlives one run.
#include <libgimp/gimp.h>

#include <cstring>
#include <string>

#include "plugin/common/i18n.h"
#include "plugin/common/plugin_identity.h"
#include "plugin/gimp2/pdb.h"
#include "plugin/gimp2/procedures.h"

namespace {

std::string g_locale_folder;  // where init_i18n() found our catalogs
std::string g_help_folder;    // the help pages next to the binary

void query() {
  gimp_plugin_domain_register(GETTEXT_PACKAGE, g_locale_folder.c_str());
  gchar* help_uri = g_filename_to_uri(g_help_folder.c_str(), nullptr, nullptr);
  if (help_uri) gimp_plugin_help_register(cyclegan::plugin::kHelpDomain, help_uri);
  g_free(help_uri);
  cyclegan::plugin::gimp2::register_procedure(cyclegan::plugin::translate_procedure_spec());
  cyclegan::plugin::gimp2::register_procedure(cyclegan::plugin::train_procedure_spec());
}

void run(const gchar* name, gint nparams, const GimpParam* params, gint* nreturn_vals,
         GimpParam** return_vals) {
  using namespace cyclegan::plugin;
  if (std::strcmp(name, kTranslateProc) == 0) {
    gimp2::run_translate(nparams, params, nreturn_vals, return_vals);
    return;
  }
  if (std::strcmp(name, kTrainProc) == 0) {
    gimp2::run_train(nparams, params, nreturn_vals, return_vals);
    return;
  }
  static GimpParam unknown[1];
  unknown[0].type = GIMP_PDB_STATUS;
  unknown[0].data.d_status = GIMP_PDB_CALLING_ERROR;
  *nreturn_vals = 1;
  *return_vals = unknown;
}

const GimpPlugInInfo kPlugInInfo = {
    nullptr,  // init
    nullptr,  // quit
    query,
    run,
};

}  // namespace

// Not GIMP's MAIN() macro: we need argv[0] to find the catalogs that travel with the binary.
int main(int argc, char** argv) {
  g_locale_folder = cyclegan::plugin::init_i18n(argc > 0 ? argv[0] : "");
  g_help_folder = cyclegan::plugin::help_folder(argc > 0 ? argv[0] : "");
  return gimp_main(&kPlugInInfo, argc, argv);
}
