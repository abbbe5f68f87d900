#include "plugin/gimp2/train_sources.h"

#include <cstddef>
#include <vector>

#include "plugin/common/i18n.h"
#include "plugin/common/train_values.h"

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
  if (width < kMinTrainImageSide || height < kMinTrainImageSide)
    throw InputError(format(_("The layer \"%s\" is only %d×%d pixels: training layers must be at least "
                              "%d pixels on each side."),
                            item_name(layer).c_str(), width, height, kMinTrainImageSide));
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

void add_layers(ResolvedSource& resolved, const std::vector<gint32>& layers, bool read_pixels) {
  resolved.count = layers.size();
  if (layers.empty())
    throw InputError(format(_("The training source \"%s\" has no layers: put one training image per layer "
                              "in it."),
                            resolved.source.name.c_str()));
  if (!read_pixels) return;
  for (gint32 layer : layers) {
    resolved.images.images.push_back(read_layer(layer));
    resolved.images.names.push_back(item_name(layer));
  }
}

}  // namespace

ResolvedSource resolve_source(gint32 image, const std::string& text, bool read_pixels) {
  ResolvedSource resolved;
  resolved.source = parse_train_source(text);
  TrainSource& source = resolved.source;
  const bool automatic = source.kind == SourceKind::Automatic;

  if (source.kind == SourceKind::Folder ||
      (automatic && g_file_test(source.name.c_str(), G_FILE_TEST_IS_DIR))) {
    source.kind = SourceKind::Folder;
    if (!g_file_test(source.name.c_str(), G_FILE_TEST_IS_DIR))
      throw InputError(format(_("The training folder \"%s\" does not exist or cannot be read."),
                              source.name.c_str()));
    resolved.images.folder = source.name;
    resolved.count = count_image_files(source.name);
  } else if (gint32 group = (automatic || source.kind == SourceKind::LayerGroup) ? find_group(image, source.name) : -1;
             group >= 0) {
    source.kind = SourceKind::LayerGroup;
    std::vector<gint32> layers;
    collect_layers(children(group), layers);
    add_layers(resolved, layers, read_pixels);
  } else if (gint32 other = (automatic || source.kind == SourceKind::OpenImage) ? find_image(source.name) : -1;
             other >= 0) {
    source.kind = SourceKind::OpenImage;
    std::vector<gint32> layers;
    collect_layers(top_layers(other), layers);
    add_layers(resolved, layers, read_pixels);
  } else {
    const char* what = source.kind == SourceKind::LayerGroup ? _("There is no layer group \"%s\" in this image.")
                       : source.kind == SourceKind::OpenImage
                           ? _("There is no open image called \"%s\".")
                           : _("\"%s\" is neither a folder, nor a layer group of this image, nor an open image.");
    throw InputError(format(what, source.name.c_str()));
  }
  resolved.domain = default_domain_name(source);
  return resolved;
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
