// Loading a training domain once (decode, RGB, prepare) and drawing augmented samples from it.
#include "core/training_images.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <exception>
#include <thread>

#include "base/errors.h"
#include "core/image_folder.h"
#include "core/image_io.h"
#include "core/pixel_tensor.h"

namespace cyclegan {
namespace {

constexpr float kSampleScale = 65535.0f;  // 16-bit storage of prepared images

}  // namespace

TrainingImages TrainingImages::from_folder(const std::string& folder, const std::string& name,
                                           const TrainingImagesOptions& options, const Callbacks& callbacks) {
  check_preprocess_options(options.preprocess);
  const std::vector<std::string> files = find_image_files(folder);
  TrainingImages set;
  set.name_ = name.empty() ? folder_display_name(folder) : name;
  set.options_ = options;

  // Workers take indices from a shared counter and write only their own slot, so the result does
  // not depend on the thread count or timing. Only this thread talks to the callbacks (a GIMP
  // progress bar must not be touched from other threads). What decoding one file gave:
  struct Decoded {
    bool ok = false;
    std::vector<Message> error;  // why the file was skipped
    // A problem that stops loading (image smaller than the crop), kept whole so its message keeps
    // its format and arguments for the plug-in's catalog.
    std::exception_ptr fatal;
    RgbConversion conversion = RgbConversion::None;
    Stored prepared;  // empty when not kept
  };
  std::vector<Decoded> results(files.size());
  std::atomic<size_t> next{0}, done{0};
  std::atomic<int64_t> kept_bytes{0};
  std::atomic<bool> cancel{false}, over_budget{false};
  auto work = [&] {
    for (size_t i = next++; i < files.size() && !cancel; i = next++) {
      Decoded& d = results[i];
      try {
        PixelBuffer rgb = load_training_rgb(files[i], &d.conversion);
        try {
          d.prepared = store(prepare(rgb, options.preprocess, files[i]));
          d.ok = true;
        } catch (const InputError&) {
          d.fatal = std::current_exception();
        }
      } catch (const InputError& e) {
        d.error = sentences_of(e);
      } catch (const std::exception& e) {  // out of memory...: stop, but not with a crash in a thread
        d.fatal = std::make_exception_ptr(
            InputError(Message{CYCLEGAN_MESSAGE("Cannot load \"%s\": %s."), {files[i], e.what()}}));
      }
      if (d.ok && !over_budget) {
        const int64_t bytes = int64_t(d.prepared.samples.size() * sizeof(uint16_t));
        if ((kept_bytes += bytes) > options.cache_budget_bytes) over_budget = true;
      }
      if (over_budget) d.prepared = Stored();
      ++done;
    }
  };
  if (callbacks.should_cancel && callbacks.should_cancel()) throw Cancelled();
  const int threads = int(std::max<size_t>(1, std::min<size_t>(std::max(1, options.threads), files.size())));
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) workers.emplace_back(work);
  while (done < files.size() && !cancel) {
    if (callbacks.should_cancel && callbacks.should_cancel()) cancel = true;
    if (callbacks.progress)
      callbacks.progress(double(done) / files.size(), "decoding images of " + set.name_ + ": " +
                                                          std::to_string(done.load()) + " of " +
                                                          std::to_string(files.size()));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  for (auto& w : workers) w.join();
  if (cancel) throw Cancelled();

  DecodeReport report;
  for (size_t i = 0; i < files.size(); ++i) {
    Decoded& d = results[i];
    if (d.fatal) std::rethrow_exception(d.fatal);
    if (!d.ok) {
      report.skipped(files[i], d.error);
      continue;
    }
    report.converted(files[i], d.conversion);
    set.labels_.push_back(files[i]);
    if (!over_budget) set.prepared_.push_back(std::move(d.prepared));
  }
  report.flush("\"" + folder + "\"", callbacks);
  if (set.labels_.empty())
    throw InputError(Message{CYCLEGAN_MESSAGE("The folder \"%s\" contains no readable images (%s): all %s image "
                                              "files failed to decode."),
                             {folder, readable_formats(), std::to_string(files.size())}});
  set.cached_ = !over_budget;
  if (!set.cached_) set.prepared_.clear();
  return set;
}

TrainingImages TrainingImages::from_buffers(const std::vector<PixelBuffer>& images, const std::string& name,
                                            const TrainingImagesOptions& options,
                                            const std::vector<std::string>& labels, const Callbacks& callbacks) {
  check_preprocess_options(options.preprocess);
  if (images.empty()) throw InputError(Message{CYCLEGAN_MESSAGE("The training set \"%s\" has no images."), {name}});
  if (!labels.empty() && labels.size() != images.size())
    throw InputError("The training set \"" + name + "\" has " + std::to_string(images.size()) + " images but " +
                     std::to_string(labels.size()) + " labels.");
  TrainingImages set;
  set.name_ = name;
  set.options_ = options;
  DecodeReport report;
  for (size_t i = 0; i < images.size(); ++i) {
    if (callbacks.should_cancel && callbacks.should_cancel()) throw Cancelled();
    const std::string label = labels.empty() ? name + " image " + std::to_string(i + 1) : labels[i];
    RgbConversion conversion = RgbConversion::None;
    PixelBuffer rgb = training_rgb(images[i], &conversion);
    report.converted(label, conversion);
    // Layers are in memory already: their prepared copies are always kept.
    set.prepared_.push_back(store(prepare(rgb, options.preprocess, label)));
    set.labels_.push_back(label);
  }
  report.flush("\"" + name + "\"", callbacks);
  set.cached_ = true;
  return set;
}

int64_t TrainingImages::cache_bytes() const {
  int64_t total = 0;
  for (const Stored& p : prepared_) total += int64_t(p.samples.size() * sizeof(uint16_t));
  return total;
}

PixelBuffer TrainingImages::prepared(size_t index) const {
  if (index >= size()) throw InputError("Image index " + std::to_string(index) + " is out of range.");
  if (cached_) return restore(prepared_[index]);
  return restore(store(prepare(load_training_rgb(labels_[index]), options_.preprocess, labels_[index])));
}

torch::Tensor TrainingImages::sample(size_t index, std::mt19937_64& rng) const {
  if (index >= size()) throw InputError("Image index " + std::to_string(index) + " is out of range.");
  return rgb_to_chw(augment(prepared(index), options_.preprocess, rng));
}

TrainingImages::Stored TrainingImages::store(const PixelBuffer& rgb) {
  Stored out;
  out.width = rgb.width;
  out.height = rgb.height;
  out.samples.resize(rgb.data.size());
  for (size_t i = 0; i < rgb.data.size(); ++i)
    out.samples[i] = uint16_t(std::lround(std::min(1.0f, std::max(0.0f, rgb.data[i])) * kSampleScale));
  return out;
}

PixelBuffer TrainingImages::restore(const Stored& stored) {
  PixelBuffer out;
  out.width = stored.width;
  out.height = stored.height;
  out.channels = 3;
  out.data.resize(stored.samples.size());
  for (size_t i = 0; i < stored.samples.size(); ++i) out.data[i] = stored.samples[i] / kSampleScale;
  return out;
}

}  // namespace cyclegan
