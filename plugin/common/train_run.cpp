#include "plugin/common/train_run.h"

#include <glib.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "plugin/common/background_priority.h"
#include "plugin/common/host_sources.h"
#include "plugin/common/i18n.h"
#include "plugin/common/models_folder.h"
#include "plugin/common/train_plan.h"

namespace cyclegan::plugin {

TrainResult train_model(Host& host, ItemId image, TrainValues& values, bool interactive) {
  const std::string folder = models_folder(host.gimp_directory());
  ensure_models_folder(folder);
  TrainPlan plan = plan_training(train_host(host, image), values, folder);
  TrainOptions& options = plan.options;
  // The sheet is written beside the model, where Translate's dialog shows what it learned.
  options.samples_path = sample_sheet_path(options.output);
  const char* a = options.domain_a.c_str();
  const char* b = options.domain_b.c_str();

  const int64_t start_iteration = plan.exists ? read_model_info(options.output).iterations : 0;
  std::unique_ptr<StopWindow> window;
  if (interactive) window = host.stop_window(format(_("Training %s ↔ %s"), a, b));
  host.progress_start(format(_("Training CycleGAN %s ↔ %s"), a, b));

  // The window shows the trainer's sample sheet as it refreshes, and the losses' plot with it;
  // a batch run writes the sheet at the end.
  if (window) options.samples_every_minutes = samples_refresh_seconds() / 60;
  std::filesystem::file_time_type shown_samples{};
  std::vector<LossRecord> losses;

  const long long stop_after = test_cancel_after_iterations();
  int64_t iteration = start_iteration;
  TrainCallbacks callbacks;
  callbacks.progress = [&](const TrainProgress& p) {
    if (p.total_iterations == 0) {  // the images are loading
      host.progress(p.fraction, _("Reading the training images…"));
      return;
    }
    iteration = p.iteration;
    const double fraction = p.fraction;
    const std::string text = training_progress_text(p.iteration, p.eta_seconds);
    host.progress(fraction, text);
    if (!window) return;
    losses.push_back({p.iteration, p.epoch, p.learning_rate, p.elapsed_seconds, p.losses});
    const double rate = p.elapsed_seconds > 0 ? (p.iteration - start_iteration) / p.elapsed_seconds : 0;
    window->update(fraction, text, training_pace_text(p.elapsed_seconds, rate));
    std::error_code missing;
    const auto written = std::filesystem::last_write_time(options.samples_path, missing);
    if (!missing && written != shown_samples) {
      shown_samples = written;
      window->show_samples(options.samples_path);
      window->show_losses(losses);
    }
  };
  callbacks.should_cancel = [&] {
    if (stop_after > 0 && iteration - start_iteration >= stop_after) {
      if (window) window->request_stop();  // the same feedback as the Stop button
      return true;
    }
    return window && window->stop_requested();
  };
  callbacks.warning = [&host](const std::vector<Message>& sentences) { host.warn(sentences); };

  run_below_gimp();  // a refusal only means training competes with GIMP as before
  TrainResult result = train(options, callbacks);
  host.progress(1.0, "");
  record_speed(values, result, start_iteration);
  const bool warns = !result.learned || result.learning_caution;
  if (window) {
    // The sheet (real A, G(A), F(G(A)); real B, ...) opens only when asked for, once.
    std::function<void()> open_samples;
    if (g_file_test(options.samples_path.c_str(), G_FILE_TEST_IS_REGULAR))
      open_samples = [&host, &options] { host.open_image_file(options.samples_path); };
    window->show_outcome(training_outcome(result), warns, open_samples);
    window.reset();
  } else if (interactive) {
    // A model that does nothing must not be handed over in silence.
    host.message(training_outcome(result));
  }
  return result;
}

RunStatus training_status(const TrainResult& result, RunMode mode) {
  return result.cancelled && mode == RunMode::NonInteractive ? RunStatus::Cancel : RunStatus::Success;
}

std::string training_outcome(const TrainResult& result) {
  const long long iterations = static_cast<long long>(result.iterations);
  std::string text =
      result.cancelled
          ? format(_("Training stopped after %lld iterations; the model is saved as %s."), iterations,
                   result.model_path.c_str())
          : format(_("Model saved as %s after %lld iterations."), result.model_path.c_str(), iterations);
  if (!result.stop_sentences.empty()) text += "\n\n" + translated(result.stop_sentences);
  if (!result.learning_sentences.empty()) text += "\n\n" + translated(result.learning_sentences);
  return text;
}

}  // namespace cyclegan::plugin
