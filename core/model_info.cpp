// The public model-info calls of core/cyclegan.h: what `cyclegan info` prints and what the
// plug-in's model list shows, for our model files and for official .pth files alike.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/bounded_read.h"
#include "core/cyclegan.h"
#include "core/model_file.h"
#include "models/official_checkpoint.h"

namespace cyclegan {

namespace {

bool has_extension(const std::string& path, const std::string& ext) {
  return path.size() >= ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0;
}

// Ours: the .cgan extension, or any zip whose records include our header (a renamed file).
// An official zip .pth has no such record; a legacy .pth is not a zip at all.
bool looks_like_ours(const std::string& path) {
  if (has_extension(path, kModelFileExtension)) return true;
  return starts_like_model_file(path);
}

std::string file_name(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

ModelInfo read_official_info(const std::string& path) {
  // Loading the whole network also proves that the file is usable, not only that it parses;
  // official generators are at most ~45 MB.
  std::shared_ptr<Network> net = load_official_network(path);
  ModelInfo info;
  info.path = path;
  info.official = true;
  const NetworkSpec& spec = net->spec();
  if (spec.is_generator()) {
    info.generator = spec.describe();
    info.has_a_to_b = true;  // one direction, whichever it was trained for
  } else {
    info.discriminator = spec.describe();
  }
  for (const auto& p : net->named_parameters(true)) info.parameters += p.value().numel();
  return info;
}

}  // namespace

std::string ModelInfo::display_name() const {
  if (official) return file_name(path);
  // Untitled domains say nothing: the file name does.
  if (domain_a == "A" && domain_b == "B") {
    return std::filesystem::path(path).stem().string() + " (A \u2194 B)";
  }
  return domain_a + " \u2194 " + domain_b;
}

ModelInfo read_model_info(const std::string& path, bool check_training_state) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    throw CheckpointError("The model file " + path + " does not exist.");
  if (std::filesystem::is_directory(path, ec))
    throw CheckpointError(path + " is a folder, not a model file.");
  require_regular_file(path, "model");  // a FIFO would block the first read
  if (looks_like_ours(path)) return read_model_file_info(path, check_training_state);
  return read_official_info(path);
}

std::string sample_sheet_path(const std::string& model_path) {
  return std::filesystem::path(model_path).replace_extension().string() + "-samples.png";
}

std::vector<ModelInfo> list_models(const std::string& folder) {
  std::vector<ModelInfo> models;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string path = it->path().string();
    if (!has_extension(path, kModelFileExtension) || !it->is_regular_file(ec)) continue;
    try {
      models.push_back(read_model_file_info(path));
    } catch (const Error&) {
      // Unreadable files are skipped, as documented: a list must not fail on one bad file.
    }
  }
  std::sort(models.begin(), models.end(), [](const ModelInfo& a, const ModelInfo& b) {
    const std::string da = a.display_name(), db = b.display_name();
    return da != db ? da < db : a.path < b.path;
  });
  return models;
}

}  // namespace cyclegan
