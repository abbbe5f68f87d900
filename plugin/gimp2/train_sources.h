// Training images from what the user has open in GIMP 2.10: the layers of a layer group of the
// current image or every layer of another open image (the rest is plugin/common/train_plan.h).
#pragma once

#include <libgimp/gimp.h>

#include <string>

#include "core/cyclegan.h"
#include "plugin/common/train_plan.h"

namespace cyclegan::plugin::gimp2 {

// How plugin/common/train_plan.h finds and reads layers, through the GIMP 2.10 PDB; layer
// groups are looked up in `image` (nested ones too).
TrainHost train_host(gint32 image);

// The layer groups of `image` (nested ones too) and the other open images, as source strings for
// the dialog ("group:horses", "image:zebras.xcf").
std::vector<std::string> source_choices(gint32 image);

}  // namespace cyclegan::plugin::gimp2
