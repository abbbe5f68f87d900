// GimpHost over libgimp 3: images and items are GObjects, looked up by their ids; arrays come
// NULL-terminated. The pixel and feedback members are in plugin/libgimp/.
#include "plugin/common/host.h"

#include <libgimp/gimp.h>

#include "plugin/common/i18n.h"
#include "plugin/libgimp/gimp_refs.h"

namespace cyclegan::plugin {
namespace {


// libgimp 3 returns NULL-terminated arrays the caller frees; the objects belong to libgimp.
template <typename T>
std::vector<ItemId> item_ids(T** array) {
  std::vector<ItemId> ids;
  for (T** p = array; p && *p; ++p) ids.push_back(gimp_item_get_id(GIMP_ITEM(*p)));
  g_free(array);
  return ids;
}

}  // namespace

std::vector<ItemId> GimpHost::images() const {
  std::vector<ItemId> ids;
  GimpImage** array = gimp_get_images();
  for (GimpImage** p = array; p && *p; ++p) ids.push_back(gimp_image_get_id(*p));
  g_free(array);
  return ids;
}

std::vector<ItemId> GimpHost::top_layers(ItemId image) const { return item_ids(gimp_image_get_layers(image_of(image))); }
std::vector<ItemId> GimpHost::children(ItemId group) const { return item_ids(gimp_item_get_children(item_of(group))); }

void GimpHost::open_image_file(const std::string& path) {
  GFile* file = g_file_new_for_path(path.c_str());
  GimpImage* image = gimp_file_load(GIMP_RUN_NONINTERACTIVE, file);
  g_object_unref(file);
  if (!image) return;
  mark_as_plugin_output(gimp_image_get_id(image));
  gimp_image_clean_all(image);  // a picture to look at: GIMP must not ask to save it on quit
  gimp_display_new(image);
}

ItemId GimpHost::add_layer_copy(ItemId layer, const std::string& name, double opacity) {
  GimpLayer* original = GIMP_LAYER(item_of(layer));
  GimpImage* image = gimp_item_get_image(GIMP_ITEM(original));
  GimpLayer* copy = gimp_layer_copy(original);
  GimpItem* parent = gimp_item_get_parent(GIMP_ITEM(original));
  gimp_image_insert_layer(image, copy, parent ? GIMP_LAYER(parent) : nullptr,
                          gimp_image_get_item_position(image, GIMP_ITEM(original)));
  gimp_item_set_name(GIMP_ITEM(copy), name.c_str());
  gimp_layer_set_opacity(copy, opacity);
  return gimp_item_get_id(GIMP_ITEM(copy));
}

}  // namespace cyclegan::plugin
