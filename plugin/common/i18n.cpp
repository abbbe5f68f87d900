#include "plugin/common/i18n.h"

#include <glib.h>

#include <cstdarg>

#include "plugin/common/plugin_identity.h"

namespace cyclegan::plugin {

std::string init_i18n(const std::string& executable_path) {
  // A user install has no prefix: its catalogs travel with the binary (scripts/install-plugin).
  gchar* exe_dir = g_path_get_dirname(executable_path.c_str());
  gchar* local = g_build_filename(exe_dir, "locale", nullptr);
  std::string folder = g_file_test(local, G_FILE_TEST_IS_DIR) ? local : LOCALEDIR;
  g_free(local);
  g_free(exe_dir);

  bindtextdomain(GETTEXT_PACKAGE, folder.c_str());
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
  return folder;
}

std::string help_folder(const std::string& executable_path) {
  gchar* exe_dir = g_path_get_dirname(executable_path.c_str());
  std::string folder = take_text(g_build_filename(exe_dir, kHelpFolderName, nullptr));
  g_free(exe_dir);
  return folder;
}

std::string format(const char* format, ...) {
  va_list args;
  va_start(args, format);
  gchar* text = g_strdup_vprintf(format, args);
  va_end(args);
  std::string result = text;
  g_free(text);
  return result;
}

std::string translated(const Message& message) {
  return fill_message(*message.format ? g_dgettext(GETTEXT_PACKAGE, message.format) : "", message.args);
}

std::string translated(const std::vector<Message>& sentences) {
  return join_sentences(sentences, [](const Message& m) { return translated(m); });
}

std::string take_text(gchar* text) {
  std::string result = text ? text : "";
  g_free(text);
  return result;
}

}  // namespace cyclegan::plugin
