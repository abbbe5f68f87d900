// The API-independent half of "Train Style Pair": where a source's images come from (folder,
// then layer group, then open image, see train_source.h), the checks before training (same
// source twice, model exists / nothing to resume) and the core's TrainOptions. The GIMP 2.10 and
// GIMP 3 front ends differ only in how they find layers and read their pixels, which they give
// here as a TrainHost.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/cyclegan.h"
#include "plugin/common/train_source.h"
#include "plugin/common/train_values.h"

namespace cyclegan::plugin {

// A layer as the host API identifies it (an item id in both GIMP 2.10 and GIMP 3).
using LayerId = int64_t;

struct TrainHost {
  // The pixel layers (nested groups opened, stacking order) of the layer group `name` of the
  // current image; false when the image has no such group.
  std::function<bool(const std::string& name, std::vector<LayerId>& layers)> group_layers;
  // The pixel layers of the open image GIMP shows as `name` ("zebras.xcf", or "zebras"); false
  // when no open image has that name.
  std::function<bool(const std::string& name, std::vector<LayerId>& layers)> image_layers;
  std::function<std::string(LayerId)> layer_name;
  std::function<void(LayerId, int& width, int& height)> layer_size;
  // The whole layer (its own bounds) as R'G'B' float, 3 channels.
  std::function<PixelBuffer(LayerId)> read_layer;
};

struct ResolvedSource {
  TrainSource source;  // with kind decided (never Automatic)
  TrainImages images;  // the folder, or (after plan_training) the layers read as R'G'B' float
  size_t count = 0;    // layers, or image files in the folder
  std::vector<LayerId> layers;     // a group's or image's layers, even when not read
  std::vector<std::string> files;  // a folder's image files (find_image_files)
  std::string domain;  // the suggested domain name
};

// Finds the source `text` through `host`, its layers' sizes checked but not read (plan_training
// reads them). Throws cyclegan::InputError naming the source when it is missing, empty or has
// too-small layers.
ResolvedSource resolve_source(const TrainHost& host, const std::string& text);

// What the Train dialogs' thumbnail strip shows for a source: its first `count` layers, or the
// first `count` image files of its folder (those training reads); nothing for a source that
// cannot be trained on as it is (the dialog's summary says why). Never throws.
struct SourceSamples {
  std::vector<LayerId> layers;
  std::vector<std::string> files;
};
SourceSamples source_samples(const TrainHost& host, const std::string& text, size_t count);

struct TrainPlan {
  TrainOptions options;  // everything but samples_path and the callbacks
  bool exists = false;   // the model file is there already (so this run resumes it)
};

// Resolves both sources and checks them against each other and against the models folder:
// throws cyclegan::InputError for the same source twice, an existing model without `resume`, or
// `resume` without a model. `values` must have passed validate().
TrainPlan plan_training(const TrainHost& host, const TrainValues& values, const std::string& models_folder);

// What the Train dialog shows under its settings: the summary line (image counts, the time
// estimate from the measured speed) and, when the values cannot be trained, why. Never throws.
struct TrainCheck {
  std::string text;
  bool usable = false;        // Train can be pressed
  bool model_exists = false;  // a model of that name is there (so Resume makes sense)
};
TrainCheck check_training(const TrainHost& host, const TrainValues& values, const std::string& models_folder);

// "horse2zebra" from the domain names of the two sources, "" while they cannot be found.
std::string suggested_model_name(const TrainHost& host, const TrainValues& values);

// The dialogs' model name follows the sources until the user types one of their own: returns the
// name to show when it should change (the name is empty or the last suggestion, and the sources
// now suggest another), else "". `last_suggestion` is the dialog's memory of what it proposed.
std::string follow_sources(const TrainHost& host, const TrainValues& values, std::string& last_suggestion);

// Remembers the speed of a finished run in `values` for the next dialog's estimate.
void record_speed(TrainValues& values, const TrainResult& result, int64_t start_iteration);

// Test hook of both front ends: CYCLEGAN_TEST_CANCEL_AFTER=N stops training after N iterations
// of this run as if the user pressed Stop (0 or unset = never).
long long test_cancel_after_iterations();

// How often the training window's samples refresh: 20 s, or CYCLEGAN_TEST_SAMPLES_EVERY_SECONDS
// (a test hook, so that a test of a few iterations sees them).
double samples_refresh_seconds();

}  // namespace cyclegan::plugin
