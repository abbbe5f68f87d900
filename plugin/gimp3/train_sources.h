// Training images from what the user has open in GIMP 3: the layers of a layer group of the
// current image or every layer of another open image (the rest is plugin/common/train_plan.h).
#pragma once

#include <libgimp/gimp.h>

#include <string>
#include <vector>

#include "plugin/common/train_plan.h"

namespace cyclegan::plugin::gimp3 {

// How plugin/common/train_plan.h finds and reads layers, through libgimp 3; layer groups are
// looked up in `image` (nested ones too). Layers are identified by their item ids.
TrainHost train_host(GimpImage* image);

// The layer groups of `image` and the other open images, as source strings ("group:horses").
std::vector<std::string> source_choices(GimpImage* image);

}  // namespace cyclegan::plugin::gimp3
