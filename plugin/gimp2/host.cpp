// GimpHost over GIMP 2.10's libgimp: images and items are integer ids; lists come as arrays
// with a count. The pixel and feedback members are in plugin/libgimp/.
#include "plugin/common/host.h"

#include <libgimp/gimp.h>

#include "plugin/common/i18n.h"
#include "plugin/libgimp/gimp_refs.h"

namespace cyclegan::plugin {
namespace {

// GIMP 2.10 returns ids in arrays the caller frees.
std::vector<ItemId> take_ids(gint* ids, gint count) {
  std::vector<ItemId> result(ids, ids + count);
  g_free(ids);
  return result;
}


}  // namespace

std::vector<ItemId> GimpHost::images() const {
  gint count = 0;
  gint* ids = gimp_image_list(&count);
  return take_ids(ids, count);
}

std::vector<ItemId> GimpHost::top_layers(ItemId image) const {
  gint count = 0;
  gint* ids = gimp_image_get_layers(image_of(image), &count);
  return take_ids(ids, count);
}

std::vector<ItemId> GimpHost::children(ItemId group) const {
  gint count = 0;
  gint* ids = gimp_item_get_children(item_of(group), &count);
  return take_ids(ids, count);
}


void GimpHost::open_image_file(const std::string& path) {
  const gint32 image = gimp_file_load(GIMP_RUN_NONINTERACTIVE, path.c_str(), path.c_str());
  if (image < 0) return;
  mark_as_plugin_output(image);
  gimp_image_clean_all(image);  // a picture to look at: GIMP must not ask to save it on quit
  gimp_display_new(image);
}

ItemId GimpHost::add_layer_copy(ItemId layer, const std::string& name, double opacity) {
  const gint32 original = item_of(layer);
  const gint32 image = gimp_item_get_image(original);
  const gint32 copy = gimp_layer_copy(original);
  gimp_image_insert_layer(image, copy, gimp_item_get_parent(original), gimp_image_get_item_position(image, original));
  gimp_item_set_name(copy, name.c_str());
  gimp_layer_set_opacity(copy, opacity);
  return copy;
}

}  // namespace cyclegan::plugin
