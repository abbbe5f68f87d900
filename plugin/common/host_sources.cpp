#include "plugin/common/host_sources.h"

#include <cstddef>

#include "plugin/common/i18n.h"
#include "plugin/common/train_source.h"

namespace cyclegan::plugin {
namespace {

// Every pixel layer under `items`, groups opened recursively, in stacking order.
void collect_layers(const Host& host, const std::vector<ItemId>& items, std::vector<LayerId>& out) {
  for (ItemId item : items) {
    if (host.is_group(item))
      collect_layers(host, host.children(item), out);
    else
      out.push_back(item);
  }
}

void collect_groups(const Host& host, const std::vector<ItemId>& items, std::vector<ItemId>& out) {
  for (ItemId item : items) {
    if (!host.is_group(item)) continue;
    out.push_back(item);
    collect_groups(host, host.children(item), out);
  }
}

std::vector<ItemId> groups_of(const Host& host, ItemId image) {
  std::vector<ItemId> groups;
  if (image >= 0) collect_groups(host, host.top_layers(image), groups);
  return groups;
}

// GIMP shows "zebras.xcf"; users also write "zebras".
bool shown_as(const std::string& shown, const std::string& name) {
  const size_t dot = shown.rfind('.');
  return shown == name || (dot != std::string::npos && shown.substr(0, dot) == name);
}

}  // namespace

TrainHost train_host(const Host& host, ItemId image) {
  TrainHost result;
  result.group_layers = [&host, image](const std::string& name, std::vector<LayerId>& layers) {
    for (ItemId group : groups_of(host, image)) {
      if (host.item_name(group) != name) continue;
      collect_layers(host, host.children(group), layers);
      return true;
    }
    return false;
  };
  result.image_layers = [&host](const std::string& name, std::vector<LayerId>& layers) {
    for (ItemId other : host.images()) {
      if (!shown_as(host.image_name(other), name)) continue;
      collect_layers(host, host.top_layers(other), layers);
      return true;
    }
    return false;
  };
  result.layer_name = [&host](LayerId layer) { return host.item_name(layer); };
  result.layer_size = [&host](LayerId layer, int& width, int& height) { host.size(layer, width, height); };
  result.read_layer = [&host](LayerId layer) {
    int width = 0, height = 0;
    host.size(layer, width, height);
    return host.read(layer, {0, 0, width, height}, true);
  };
  return result;
}

std::vector<SourceChoice> source_choices(const Host& host, ItemId image) {
  std::vector<SourceChoice> choices;
  auto layer_count = [&host](const std::vector<ItemId>& items) {
    std::vector<LayerId> layers;
    collect_layers(host, items, layers);
    const unsigned long n = layers.size();
    return format(g_dngettext(GETTEXT_PACKAGE, "%lu layer", "%lu layers", n), n);
  };
  for (ItemId group : groups_of(host, image)) {
    const std::string name = host.item_name(group);
    choices.push_back({format_train_source({SourceKind::LayerGroup, name}),
                       format(_("%s — layer group, %s"), name.c_str(), layer_count(host.children(group)).c_str())});
  }
  for (ItemId other : host.images()) {
    if (other == image || host.is_plugin_output(other)) continue;
    const std::string name = host.image_name(other);
    choices.push_back({format_train_source({SourceKind::OpenImage, name}),
                       format(_("%s — open image, %s"), name.c_str(), layer_count(host.top_layers(other)).c_str())});
  }
  return choices;
}

SourceChoice folder_choice(const std::string& path) {
  const unsigned long n = training_files_or_none(path).size();
  const std::string count = format(g_dngettext(GETTEXT_PACKAGE, "%lu image", "%lu images", n), n);
  return {format_train_source({SourceKind::Folder, path}), format(_("Folder %s — %s"), path.c_str(), count.c_str())};
}

}  // namespace cyclegan::plugin
