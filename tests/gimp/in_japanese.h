// The plug-in tests' way to see what a Japanese user sees.
#pragma once

#include <glib.h>
#include <gtest/gtest.h>

#include <clocale>
#include <cstdlib>
#include <functional>
#include <string>

#include "plugin/common/i18n.h"

namespace cyclegan::plugin {

// Runs `show` with LANGUAGE=ja and the catalogs this build compiled (po/, CYCLEGAN_LOCALE_DIR).
// False when nothing can be shown in Japanese here, our strings included: some C libraries
// (trixie's glibc) ignore LANGUAGE under C.UTF-8, and a test machine may have no Japanese locale.
inline bool in_japanese(const std::function<void()>& show) {
  const char* locale_dir = std::getenv("CYCLEGAN_LOCALE_DIR");
  if (!locale_dir || !*locale_dir) {
    ADD_FAILURE() << "CYCLEGAN_LOCALE_DIR names the build's po folder";
    return false;
  }
  bindtextdomain(GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
  const std::string old_locale = setlocale(LC_MESSAGES, nullptr);
  if (!setlocale(LC_MESSAGES, "C.UTF-8")) {
    ADD_FAILURE() << "no C.UTF-8 locale";
    return false;
  }
  g_setenv("LANGUAGE", "ja", TRUE);
  const bool catalog_in_use = std::string(_("CycleGAN failed unexpectedly.")) != "CycleGAN failed unexpectedly.";
  show();
  g_setenv("LANGUAGE", "", TRUE);
  setlocale(LC_MESSAGES, old_locale.c_str());
  return catalog_in_use;
}

}  // namespace cyclegan::plugin
