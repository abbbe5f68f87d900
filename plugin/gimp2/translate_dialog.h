// The "CycleGAN Translate" dialog of the GIMP 2.10 plug-in (GimpUI, GTK 2).
#pragma once

#include <string>

#include "plugin/common/host.h"
#include "plugin/common/translate_values.h"

namespace cyclegan::plugin::gimp2 {

// Shows the dialog, starting from `values`; on OK stores the choices in `values` and returns true,
// on Cancel or close returns false. `models_folder` is listed in the model chooser.
bool run_translate_dialog(const Host& host, ItemId drawable, TranslateValues& values, const std::string& models_folder);

}  // namespace cyclegan::plugin::gimp2
