// Translation of the plug-in's own strings (gettext domain GETTEXT_PACKAGE = "cyclegan-gimp"), and
// where its help pages are.
// `_()` translates now; `N_()` marks a string that GIMP translates later (menu labels, blurbs).
#pragma once

#include <glib/gi18n-lib.h>  // _() and N_() for GETTEXT_PACKAGE (set by plugin/meson.build)

#include <glib.h>

#include <string>
#include <vector>

#include "base/errors.h"

namespace cyclegan::plugin {

// Binds the domain to the catalogs next to the executable (`<exe dir>/locale`, what
// scripts/install-plugin creates for a user install) if they exist, else to the installed
// LOCALEDIR. Returns the folder used, for gimp_plugin_domain_register().
std::string init_i18n(const std::string& executable_path);

// The plug-in's help pages, which travel with the binary as its catalogs do: `<exe dir>/help`.
std::string help_folder(const std::string& executable_path);

// printf into a std::string, for translated messages with arguments (the order of the
// arguments stays in the format, so translators can't reorder them: keep one per sentence part).
std::string format(const char* format, ...) G_GNUC_PRINTF(1, 2);

// One of the core's messages in the user's language: its format from the catalog (the core marks
// them CYCLEGAN_MESSAGE), filled with its arguments (an empty format gives "").
std::string translated(const Message& message);

// Sentences translated one by one and joined by spaces.
std::string translated(const std::vector<Message>& sentences);

// A string libgimp or GLib handed over (the caller frees it) as a std::string; null gives "".
std::string take_text(gchar* text);

}  // namespace cyclegan::plugin
