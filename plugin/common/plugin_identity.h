// Names that are a promise to users and scripts: PDB procedure names, the binary's folder name,
// the gettext domain and the version of the "last values" records. Shared by every GIMP front end.
#pragma once

namespace cyclegan::plugin {

// The one executable that registers both procedures (GIMP finds it in plug-ins/<binary>/<binary>).
inline constexpr const char* kBinaryName = "cyclegan-gimp";

inline constexpr const char* kTranslateProc = "plug-in-cyclegan-translate";
inline constexpr const char* kTrainProc = "plug-in-cyclegan-train";

// Role strings for gimp_ui dialogs (window managers and GIMP's session use them).
inline constexpr const char* kTranslateRole = "cyclegan-translate";
inline constexpr const char* kTrainRole = "cyclegan-train";

// Help: GIMP's help system looks a dialog's help ID up in the plug-in's help domain, whose pages
// travel with the binary (plug-ins/cyclegan-gimp/help/<lang>/gimp-help.xml and index.html).
inline constexpr const char* kHelpDomain = "cyclegan-gimp";
inline constexpr const char* kHelpFolderName = "help";
inline constexpr const char* kTranslateHelpId = "plug-in-cyclegan-translate";
inline constexpr const char* kTrainHelpId = "plug-in-cyclegan-train";

// Where in the menus: Filters → CycleGAN → ..., the submenu with its mnemonic (both GIMPs take one
// in a menu path; a branch registered apart would be forgotten with GIMP 2.10's next start).
inline constexpr const char* kMenuPath = "<Image>/Filters/_CycleGAN";

// The folder under the user's GIMP directory that holds trained/imported models.
inline constexpr const char* kModelsFolderName = "cyclegan-models";

}  // namespace cyclegan::plugin
