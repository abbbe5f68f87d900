// Where "Train Style Pair" takes one domain's images from, as the PDB string names it:
//   "group:NAME"   every layer of the layer group NAME in the current image
//   "image:NAME"   every layer of another open image (NAME as GIMP shows it, "zebras.xcf")
//   "folder:PATH"  every image file in a folder
//   "NAME"/"PATH"  without a prefix: an existing folder, else a layer group, else an open image
// Parsing and the default domain name do not depend on the GIMP API; finding the layers does.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace cyclegan::plugin {

enum class SourceKind { Automatic, LayerGroup, OpenImage, Folder };

struct TrainSource {
  SourceKind kind = SourceKind::Automatic;
  std::string name;  // group name, image name or folder path
};

// Splits the prefix off. Throws cyclegan::InputError when nothing is left to name the source.
TrainSource parse_train_source(const std::string& text);

// The PDB string for a source (inverse of parse_train_source).
std::string format_train_source(const TrainSource& source);

// "zebras.xcf" or "/models/h2z.cgan" -> "zebras", "h2z": the last component without its
// extension; names such as GIMP's "[Untitled]" stay as they are.
std::string file_stem(const std::string& path);

// The domain name a source suggests: the group's name, the image's name without extension, the
// folder's last component ("trainA" and such are kept: the user can rename the domain).
std::string default_domain_name(const TrainSource& source);

// The image files training will read from `folder` (find_image_files: recursive, by extension,
// hidden entries left out, sorted): what the dialog counts and shows. None for a missing,
// unreadable or empty folder.
std::vector<std::string> training_files_or_none(const std::string& folder);

}  // namespace cyclegan::plugin
