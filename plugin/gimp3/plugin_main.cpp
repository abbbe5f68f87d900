// The GIMP 3 plug-in: one GimpPlugIn subclass (GObject) that registers the CycleGAN procedures.
// GIMP runs this executable once to query the procedures and again for each call.
#include <libgimp/gimp.h>

#include <string>

#include "plugin/common/i18n.h"
#include "plugin/common/plugin_identity.h"
#include "plugin/gimp3/procedures.h"

struct _CycleganPlugIn {
  GimpPlugIn parent_instance;
};

#define CYCLEGAN_TYPE_PLUG_IN (cyclegan_plug_in_get_type())
G_DECLARE_FINAL_TYPE(CycleganPlugIn, cyclegan_plug_in, CYCLEGAN, PLUG_IN, GimpPlugIn)
G_DEFINE_TYPE(CycleganPlugIn, cyclegan_plug_in, GIMP_TYPE_PLUG_IN)

namespace {

using namespace cyclegan::plugin;

GList* query_procedures(GimpPlugIn* plug_in) {
  GFile* help = g_file_new_for_path(help_folder(gimp_get_progname()).c_str());
  gimp_plug_in_set_help_domain(plug_in, kHelpDomain, help);
  g_object_unref(help);
  return g_list_append(g_list_append(nullptr, g_strdup(kTranslateProc)), g_strdup(kTrainProc));
}

GimpProcedure* create_procedure(GimpPlugIn* plug_in, const gchar* name) {
  if (g_strcmp0(name, kTranslateProc) == 0) return gimp3::create_translate_procedure(plug_in);
  if (g_strcmp0(name, kTrainProc) == 0) return gimp3::create_train_procedure(plug_in);
  return nullptr;
}

// Our domain is "cyclegan-gimp", not the binary's name. GIMP 3 binds it to the catalogs in the
// plug-in's own locale/ folder (a user install); without one (a `meson install` into a
// prefix) we bind the installed LOCALEDIR ourselves and tell GIMP not to.
gboolean set_i18n(GimpPlugIn*, const gchar*, gchar** gettext_domain, gchar** catalog_dir) {
  gchar* exe_dir = g_path_get_dirname(gimp_get_progname());
  gchar* local = g_build_filename(exe_dir, "locale", nullptr);
  bool has_local = g_file_test(local, G_FILE_TEST_IS_DIR);
  g_free(local);
  g_free(exe_dir);
  if (!has_local) {
    init_i18n(gimp_get_progname());
    return FALSE;
  }
  *gettext_domain = g_strdup(GETTEXT_PACKAGE);
  *catalog_dir = nullptr;  // = "locale/"
  return TRUE;
}

}  // namespace

static void cyclegan_plug_in_class_init(CycleganPlugInClass* klass) {
  GimpPlugInClass* plug_in_class = GIMP_PLUG_IN_CLASS(klass);
  plug_in_class->query_procedures = query_procedures;
  plug_in_class->create_procedure = create_procedure;
  plug_in_class->set_i18n = set_i18n;
}

static void cyclegan_plug_in_init(CycleganPlugIn*) {}

GIMP_MAIN(CYCLEGAN_TYPE_PLUG_IN)
