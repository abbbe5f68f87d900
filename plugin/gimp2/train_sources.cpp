#include "plugin/gimp2/train_sources.h"

#include <cstddef>
#include <vector>


namespace cyclegan::plugin::gimp2 {
namespace {

std::string item_name(gint32 item) {
  gchar* name = gimp_item_get_name(item);
  std::string result = name ? name : "";
  g_free(name);
  return result;
}

std::string image_name(gint32 image) {
  gchar* name = gimp_image_get_name(image);
  std::string result = name ? name : "";
  g_free(name);
  return result;
}

std::vector<gint32> top_layers(gint32 image) {
  gint count = 0;
  gint* ids = gimp_image_get_layers(image, &count);
  std::vector<gint32> layers(ids, ids + count);
  g_free(ids);
  return layers;
}

std::vector<gint32> children(gint32 group) {
  gint count = 0;
  gint* ids = gimp_item_get_children(group, &count);
  std::vector<gint32> items(ids, ids + count);
  g_free(ids);
  return items;
}

// Every pixel layer under `items`, groups opened recursively, in stacking order.
void collect_layers(const std::vector<gint32>& items, std::vector<gint32>& out) {
  for (gint32 item : items) {
    if (gimp_item_is_group(item))
      collect_layers(children(item), out);
    else
      out.push_back(item);
  }
}

void collect_groups(const std::vector<gint32>& items, std::vector<gint32>& out) {
  for (gint32 item : items) {
    if (!gimp_item_is_group(item)) continue;
    out.push_back(item);
    collect_groups(children(item), out);
  }
}

gint32 find_group(gint32 image, const std::string& name) {
  std::vector<gint32> groups;
  collect_groups(top_layers(image), groups);
  for (gint32 group : groups)
    if (item_name(group) == name) return group;
  return -1;
}

// By the name GIMP shows ("zebras.xcf") or without its extension ("zebras").
gint32 find_image(const std::string& name) {
  gint count = 0;
  gint* ids = gimp_image_list(&count);
  gint32 found = -1;
  for (gint i = 0; i < count && found < 0; ++i) {
    const std::string shown = image_name(ids[i]);
    const size_t dot = shown.rfind('.');
    if (shown == name || (dot != std::string::npos && shown.substr(0, dot) == name)) found = ids[i];
  }
  g_free(ids);
  return found;
}

// A layer as an RGB training image, cropped to its own bounds (a layer's buffer is its bounds).
PixelBuffer read_layer(gint32 layer) {
  const int width = gimp_drawable_width(layer), height = gimp_drawable_height(layer);
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

// Found layers as the host's ids; false when `item` is -1 (not found).
bool layers_of(const std::vector<gint32>& items, bool found, std::vector<LayerId>& layers) {
  if (!found) return false;
  std::vector<gint32> ids;
  collect_layers(items, ids);
  layers.assign(ids.begin(), ids.end());
  return true;
}

}  // namespace

TrainHost train_host(gint32 image) {
  TrainHost host;
  host.group_layers = [image](const std::string& name, std::vector<LayerId>& layers) {
    const gint32 group = find_group(image, name);
    return layers_of(group >= 0 ? children(group) : std::vector<gint32>{}, group >= 0, layers);
  };
  host.image_layers = [](const std::string& name, std::vector<LayerId>& layers) {
    const gint32 other = find_image(name);
    return layers_of(other >= 0 ? top_layers(other) : std::vector<gint32>{}, other >= 0, layers);
  };
  host.layer_name = [](LayerId layer) { return item_name(static_cast<gint32>(layer)); };
  host.layer_size = [](LayerId layer, int& width, int& height) {
    width = gimp_drawable_width(static_cast<gint32>(layer));
    height = gimp_drawable_height(static_cast<gint32>(layer));
  };
  host.read_layer = [](LayerId layer) { return read_layer(static_cast<gint32>(layer)); };
  return host;
}

std::vector<std::string> source_choices(gint32 image) {
  std::vector<std::string> choices;
  std::vector<gint32> groups;
  collect_groups(top_layers(image), groups);
  for (gint32 group : groups) choices.push_back(format_train_source({SourceKind::LayerGroup, item_name(group)}));
  gint count = 0;
  gint* ids = gimp_image_list(&count);
  for (gint i = 0; i < count; ++i)
    if (ids[i] != image) choices.push_back(format_train_source({SourceKind::OpenImage, image_name(ids[i])}));
  g_free(ids);
  return choices;
}

}  // namespace cyclegan::plugin::gimp2
