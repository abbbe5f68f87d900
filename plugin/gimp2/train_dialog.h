// The "Train Style Pair" dialog of the GIMP 2.10 plug-in (GimpUI, GTK 2).
#pragma once

#include <libgimp/gimp.h>

#include <string>

#include "plugin/common/host.h"
#include "plugin/common/train_values.h"

namespace cyclegan::plugin::gimp2 {

// Shows the dialog for `image` starting from `values`; on OK stores the choices and returns true.
bool run_train_dialog(const Host& host, gint32 image, TrainValues& values);

}  // namespace cyclegan::plugin::gimp2
