#include "plugin/gimp3/train_sources.h"

#include <cstddef>

namespace cyclegan::plugin::gimp3 {
namespace {

std::string item_name(GimpItem* item) {
  gchar* name = gimp_item_get_name(item);
  std::string result = name ? name : "";
  g_free(name);
  return result;
}

std::string image_name(GimpImage* image) {
  gchar* name = gimp_image_get_name(image);
  std::string result = name ? name : "";
  g_free(name);
  return result;
}

// libgimp 3 returns NULL-terminated arrays the caller frees (the objects belong to libgimp).
template <typename T>
std::vector<GimpItem*> take_items(T** array) {
  std::vector<GimpItem*> items;
  for (T** p = array; p && *p; ++p) items.push_back(GIMP_ITEM(*p));
  g_free(array);
  return items;
}

std::vector<GimpItem*> top_layers(GimpImage* image) { return take_items(gimp_image_get_layers(image)); }
std::vector<GimpItem*> children(GimpItem* group) { return take_items(gimp_item_get_children(group)); }

// Every pixel layer under `items`, groups opened recursively, in stacking order.
void collect_layers(const std::vector<GimpItem*>& items, std::vector<LayerId>& out) {
  for (GimpItem* item : items) {
    if (gimp_item_is_group(item))
      collect_layers(children(item), out);
    else
      out.push_back(gimp_item_get_id(item));
  }
}

void collect_groups(const std::vector<GimpItem*>& items, std::vector<GimpItem*>& out) {
  for (GimpItem* item : items) {
    if (!gimp_item_is_group(item)) continue;
    out.push_back(item);
    collect_groups(children(item), out);
  }
}

GimpItem* find_group(GimpImage* image, const std::string& name) {
  std::vector<GimpItem*> groups;
  collect_groups(top_layers(image), groups);
  for (GimpItem* group : groups)
    if (item_name(group) == name) return group;
  return nullptr;
}

std::vector<GimpImage*> open_images() {
  std::vector<GimpImage*> images;
  GimpImage** array = gimp_get_images();
  for (GimpImage** p = array; p && *p; ++p) images.push_back(*p);
  g_free(array);
  return images;
}

// By the name GIMP shows ("zebras.xcf") or without its extension ("zebras").
GimpImage* find_image(const std::string& name) {
  for (GimpImage* image : open_images()) {
    const std::string shown = image_name(image);
    const size_t dot = shown.rfind('.');
    if (shown == name || (dot != std::string::npos && shown.substr(0, dot) == name)) return image;
  }
  return nullptr;
}

GimpDrawable* drawable(LayerId id) { return gimp_drawable_get_by_id(static_cast<gint32>(id)); }

// A layer as an RGB training image, cropped to its own bounds (a layer's buffer is its bounds).
PixelBuffer read_layer(GimpDrawable* layer) {
  const int width = gimp_drawable_get_width(layer), height = gimp_drawable_get_height(layer);
  const Babl* format = babl_format_with_space("R'G'B' float", gimp_drawable_get_format(layer));
  PixelBuffer pixels;
  pixels.width = width;
  pixels.height = height;
  pixels.channels = 3;
  pixels.data.resize(static_cast<size_t>(width) * height * 3);
  GeglBuffer* buffer = gimp_drawable_get_buffer(layer);
  const GeglRectangle rect = {0, 0, width, height};
  gegl_buffer_get(buffer, &rect, 1.0, format, pixels.data.data(), GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref(buffer);
  return pixels;
}

}  // namespace

TrainHost train_host(GimpImage* image) {
  TrainHost host;
  host.group_layers = [image](const std::string& name, std::vector<LayerId>& layers) {
    GimpItem* group = image ? find_group(image, name) : nullptr;
    if (group) collect_layers(children(group), layers);
    return group != nullptr;
  };
  host.image_layers = [](const std::string& name, std::vector<LayerId>& layers) {
    GimpImage* other = find_image(name);
    if (other) collect_layers(top_layers(other), layers);
    return other != nullptr;
  };
  host.layer_name = [](LayerId layer) { return item_name(GIMP_ITEM(drawable(layer))); };
  host.layer_size = [](LayerId layer, int& width, int& height) {
    width = gimp_drawable_get_width(drawable(layer));
    height = gimp_drawable_get_height(drawable(layer));
  };
  host.read_layer = [](LayerId layer) { return read_layer(drawable(layer)); };
  return host;
}

std::vector<std::string> source_choices(GimpImage* image) {
  std::vector<std::string> choices;
  std::vector<GimpItem*> groups;
  if (image) collect_groups(top_layers(image), groups);
  for (GimpItem* group : groups) choices.push_back(format_train_source({SourceKind::LayerGroup, item_name(group)}));
  for (GimpImage* other : open_images())
    if (other != image) choices.push_back(format_train_source({SourceKind::OpenImage, image_name(other)}));
  return choices;
}

}  // namespace cyclegan::plugin::gimp3
