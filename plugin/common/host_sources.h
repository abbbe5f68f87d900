// Training sources found through a Host: the layer groups of the current image and the other
// open images, for plugin/common/train_plan.h and for the dialogs' lists of choices.
#pragma once

#include <string>
#include <vector>

#include "plugin/common/host.h"
#include "plugin/common/train_plan.h"

namespace cyclegan::plugin {

// How train_plan.h finds and reads layers: groups (nested ones too) are looked up in `image`
// (-1: none), other images by the name GIMP shows ("zebras.xcf", or "zebras"). `host` must
// outlive the result.
TrainHost train_host(const Host& host, ItemId image);

// The layer groups of `image` and the other open images, as source strings for the dialogs
// ("group:horses", "image:zebras.xcf").
std::vector<std::string> source_choices(const Host& host, ItemId image);

}  // namespace cyclegan::plugin
