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

// A source as the Train dialogs list it.
struct SourceChoice {
  std::string source;  // what the procedure reads: "group:horses", "image:zebras.xcf", "folder:/photos"
  std::string label;   // what the user reads: "horses — layer group, 12 layers"
};

// The layer groups of `image` (nested ones too) and the other open images, with the number of
// layers each would give training.
std::vector<SourceChoice> source_choices(const Host& host, ItemId image);

// A folder as the dialogs list it once chosen: "Folder /photos — 40 images".
SourceChoice folder_choice(const std::string& path);

}  // namespace cyclegan::plugin
