// Training images from what the user has open in GIMP 2.10: the layers of a layer group of the
// current image, every layer of another open image, or (left to the core) a folder.
#pragma once

#include <libgimp/gimp.h>

#include <string>

#include "core/cyclegan.h"
#include "plugin/common/train_source.h"

namespace cyclegan::plugin::gimp2 {

struct ResolvedSource {
  TrainSource source;     // with kind decided (never Automatic)
  TrainImages images;     // layers read as R'G'B' float, or just the folder
  size_t count = 0;       // layers, or image files in the folder
  std::string domain;     // the suggested domain name
};

// Finds the source (see train_source.h) starting from `image`; reads the layers when `read_pixels`.
// Throws cyclegan::InputError naming the source when it is missing, empty or has too-small layers.
ResolvedSource resolve_source(gint32 image, const std::string& text, bool read_pixels = true);

// The layer groups of `image` (nested ones too) and the other open images, as source strings for
// the dialog ("group:horses", "image:zebras.xcf").
std::vector<std::string> source_choices(gint32 image);

}  // namespace cyclegan::plugin::gimp2
