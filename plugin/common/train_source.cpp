#include "plugin/common/train_source.h"

#include <glib.h>

#include "base/errors.h"
#include "core/image_folder.h"
#include "plugin/common/i18n.h"

namespace cyclegan::plugin {
namespace {

struct Prefix {
  const char* text;
  SourceKind kind;
};
constexpr Prefix kPrefixes[] = {
    {"group:", SourceKind::LayerGroup},
    {"image:", SourceKind::OpenImage},
    {"folder:", SourceKind::Folder},
};

}  // namespace

TrainSource parse_train_source(const std::string& text) {
  TrainSource source{SourceKind::Automatic, text};
  for (const Prefix& prefix : kPrefixes) {
    if (text.rfind(prefix.text, 0) == 0) {
      source = {prefix.kind, text.substr(std::char_traits<char>::length(prefix.text))};
      break;
    }
  }
  if (source.name.empty())
    throw InputError(_("A training source is empty: give a layer group, an open image or a folder."));
  return source;
}

std::string format_train_source(const TrainSource& source) {
  for (const Prefix& prefix : kPrefixes)
    if (prefix.kind == source.kind) return prefix.text + source.name;
  return source.name;
}

std::string file_stem(const std::string& path) {
  gchar* base = g_path_get_basename(path.c_str());
  std::string name = base;
  g_free(base);
  const size_t dot = name.rfind('.');
  if (dot != std::string::npos && dot > 0) name.erase(dot);
  return name;
}

std::string default_domain_name(const TrainSource& source) {
  std::string name = source.name;
  while (name.size() > 1 && name.back() == G_DIR_SEPARATOR) name.pop_back();
  if (source.kind == SourceKind::OpenImage) return file_stem(name);
  if (source.kind != SourceKind::LayerGroup) {
    gchar* base = g_path_get_basename(name.c_str());
    name = base;
    g_free(base);
  }
  return name;
}

std::vector<std::string> training_files_or_none(const std::string& folder) {
  // The core's own scan, so the dialog counts exactly the files training will read.
  try {
    return find_image_files(folder);
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace cyclegan::plugin
