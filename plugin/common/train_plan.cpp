#include "plugin/common/train_plan.h"

#include <glib.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <exception>
#include <string>
#include <utility>

#include "base/errors.h"
#include "core/image_folder.h"
#include "plugin/common/failure.h"
#include "plugin/common/i18n.h"

namespace cyclegan::plugin {
namespace {

void add_layers(const TrainHost& host, ResolvedSource& resolved, const std::vector<LayerId>& layers) {
  resolved.count = layers.size();
  resolved.layers = layers;
  if (layers.empty())
    throw InputError(format(_("The training source \"%s\" has no layers: put one training image per layer "
                              "in it."),
                            resolved.source.name.c_str()));
  // Sizes first: a too-small layer is reported before any pixels are read (also by the dialog).
  for (LayerId layer : layers) {
    int width = 0, height = 0;
    host.layer_size(layer, width, height);
    if (width < kMinTrainImageSide || height < kMinTrainImageSide)
      throw InputError(format(_("The layer \"%s\" is only %d×%d pixels: training layers must be at least "
                                "%d pixels on each side."),
                              host.layer_name(layer).c_str(), width, height, kMinTrainImageSide));
  }
}

// The layers' pixels, read only once every cheap check has passed; a folder is read by training.
void read_layers(const TrainHost& host, ResolvedSource& resolved) {
  for (LayerId layer : resolved.layers) {
    resolved.images.images.push_back(host.read_layer(layer));
    resolved.images.names.push_back(host.layer_name(layer));
  }
}

// A new model must not overwrite one of the same name; a resumed one must exist.
std::string resume_problem(const TrainValues& values, bool model_exists) {
  if (model_exists && !values.resume)
    return format(_("A model named \"%s\" already exists: choose another name, or resume its training."),
                  values.model_name);
  if (!model_exists && values.resume)
    return format(_("There is no model named \"%s\" to resume: untick Resume or choose an existing model."),
                  values.model_name);
  return "";
}

// "blobs" and "group:blobs" can name the same thing: compare what they resolved to.
void refuse_same_source(const ResolvedSource& a, const ResolvedSource& b) {
  if (a.source.kind == b.source.kind && a.source.name == b.source.name)
    throw InputError(_("The two training sources are the same: give one source per domain."));
}

}  // namespace

ResolvedSource resolve_source(const TrainHost& host, const std::string& text) {
  ResolvedSource resolved;
  resolved.source = parse_train_source(text);
  TrainSource& source = resolved.source;
  const bool automatic = source.kind == SourceKind::Automatic;
  std::vector<LayerId> layers;

  if (source.kind == SourceKind::Folder ||
      (automatic && g_file_test(source.name.c_str(), G_FILE_TEST_IS_DIR))) {
    source.kind = SourceKind::Folder;
    if (!g_file_test(source.name.c_str(), G_FILE_TEST_IS_DIR))
      throw InputError(format(_("The training folder \"%s\" does not exist or cannot be read."),
                              source.name.c_str()));
    resolved.images.folder = source.name;
    // The core's own scan, so the dialog counts what training reads; it says why a folder
    // without readable images cannot be used.
    resolved.files = find_image_files(source.name);
    resolved.count = resolved.files.size();
  } else if ((automatic || source.kind == SourceKind::LayerGroup) && host.group_layers(source.name, layers)) {
    source.kind = SourceKind::LayerGroup;
    add_layers(host, resolved, layers);
  } else if ((automatic || source.kind == SourceKind::OpenImage) && host.image_layers(source.name, layers)) {
    source.kind = SourceKind::OpenImage;
    add_layers(host, resolved, layers);
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

SourceSamples source_samples(const TrainHost& host, const std::string& text, size_t count) {
  SourceSamples samples;
  try {
    const ResolvedSource resolved = resolve_source(host, text);
    if (resolved.source.kind == SourceKind::Folder) {
      samples.files.assign(resolved.files.begin(),
                           resolved.files.begin() + static_cast<std::ptrdiff_t>(std::min(count, resolved.files.size())));
    } else {
      samples.layers.assign(resolved.layers.begin(),
                            resolved.layers.begin() + static_cast<std::ptrdiff_t>(std::min(count, resolved.layers.size())));
    }
  } catch (const std::exception&) {
    // Missing, empty or too small: no thumbnails.
  }
  return samples;
}

TrainPlan plan_training(const TrainHost& host, const TrainValues& values, const std::string& models_folder) {
  TrainPlan plan;
  TrainOptions& options = plan.options;
  options.output = model_output_path(models_folder, values.model_name);
  options.resume = values.resume != 0;
  // Cheap checks before reading any pixels.
  ResolvedSource a = resolve_source(host, values.source_a);
  ResolvedSource b = resolve_source(host, values.source_b);
  refuse_same_source(a, b);
  plan.exists = g_file_test(options.output.c_str(), G_FILE_TEST_EXISTS);
  if (std::string problem = resume_problem(values, plan.exists); !problem.empty()) throw InputError(problem);
  read_layers(host, a);
  read_layers(host, b);
  options.a = std::move(a.images);
  options.b = std::move(b.images);
  options.domain_a = a.domain;
  options.domain_b = b.domain;
  options.preset = preset_name(values.preset);
  options.minutes = values.minutes;
  options.image_size = values.image_size;
  return plan;
}

TrainCheck check_training(const TrainHost& host, const TrainValues& values, const std::string& models_folder) {
  TrainCheck check;
  try {
    const ResolvedSource a = resolve_source(host, values.source_a);
    const ResolvedSource b = resolve_source(host, values.source_b);
    refuse_same_source(a, b);
    const bool same_setup =
        values.measured_preset == values.preset && values.measured_image_size == values.image_size;
    check.text = training_summary(a.count, a.domain, b.count, b.domain, values.minutes,
                                  same_setup ? values.seconds_per_iteration : 0);
    check.model_exists = values.model_name[0] != '\0' &&
        g_file_test(model_output_path(models_folder, values.model_name).c_str(), G_FILE_TEST_EXISTS);
    std::string problem = validate(values);
    if (problem.empty()) problem = resume_problem(values, check.model_exists);
    check.usable = problem.empty();
    if (!check.usable) check.text += "\n" + problem;
  } catch (...) {
    check.text = describe_failure(std::current_exception()).message;
  }
  return check;
}

std::string suggested_model_name(const TrainHost& host, const TrainValues& values) {
  try {
    return resolve_source(host, values.source_a).domain + "2" + resolve_source(host, values.source_b).domain;
  } catch (...) {
    return "";  // not an error yet: the user has not chosen usable sources
  }
}

std::string follow_sources(const TrainHost& host, const TrainValues& values, std::string& last_suggestion) {
  const std::string suggestion = suggested_model_name(host, values);
  const std::string name = values.model_name;
  const bool users_own = !name.empty() && name != last_suggestion;
  if (suggestion.empty() || suggestion == name || users_own) return "";
  last_suggestion = suggestion;
  return suggestion;
}

void record_speed(TrainValues& values, const TrainResult& result, int64_t start_iteration) {
  const int64_t done = result.iterations - start_iteration;
  if (done <= 0) return;
  values.seconds_per_iteration = result.seconds / done;
  values.measured_preset = values.preset;
  values.measured_image_size = values.image_size;
}

double samples_refresh_seconds() {
  const char* value = std::getenv("CYCLEGAN_TEST_SAMPLES_EVERY_SECONDS");
  const double seconds = value ? std::atof(value) : 0;
  return seconds > 0 ? seconds : 20;
}

long long test_cancel_after_iterations() {
  const char* value = std::getenv("CYCLEGAN_TEST_CANCEL_AFTER");
  return value ? std::atoll(value) : 0;
}

}  // namespace cyclegan::plugin
