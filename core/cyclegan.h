// cyclegan-gimp's public interface: everything a front end (plugin/, cli/) needs, and nothing
// from LibTorch or GIMP, so the GIMP glue compiles in seconds.
//
//   cyclegan::PixelBuffer img = ...;              // float sRGB, interleaved Y/YA/RGB/RGBA
//   cyclegan::TranslateOptions opt;
//   opt.model = "horse2zebra.cgan";               // our model file or an official G .pth
//   opt.direction = cyclegan::Direction::AtoB;
//   cyclegan::Callbacks cb;
//   cb.progress = [](double f, const std::string&) { ... };
//   cyclegan::translate(img, opt, cb);            // in place; throws cyclegan::Error
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/errors.h"

namespace cyclegan {

// Pixels as the GIMP layer holds them: interleaved float, sRGB-encoded (R'G'B', not linear),
// nominally 0..1; channels: 1 = Y, 2 = YA, 3 = RGB, 4 = RGBA. Alpha passes through untouched.
struct PixelBuffer {
  int width = 0;
  int height = 0;
  int channels = 0;
  std::vector<float> data;  // width * height * channels

  bool has_alpha() const { return channels == 2 || channels == 4; }
  int color_channels() const { return has_alpha() ? channels - 1 : channels; }
};

enum class Direction {
  AtoB,  // G: domain A -> domain B (e.g. horse -> zebra)
  BtoA,  // F: domain B -> domain A
};

// What a long-running call reports and how it is stopped. All optional.
struct Callbacks {
  // fraction in [0, 1]; text like "tile 3 of 12" or "iteration 120 of 4500, 3 min left".
  std::function<void(double fraction, const std::string& text)> progress;
  // Polled often (per tile, per iteration); returning true makes the call throw Cancelled.
  std::function<bool()> should_cancel;
  // Non-fatal problems (a skipped corrupt image, a converted grayscale image).
  std::function<void(const std::string& message)> warning;
};

// What a model file holds, for dialogs and `cyclegan info`.
struct ModelInfo {
  std::string path;
  bool official = false;       // an official generator .pth (one direction only)
  int format_version = 0;      // our model file's format version (0 for official files)
  std::string domain_a;        // e.g. "horse"
  std::string domain_b;        // e.g. "zebra"
  std::string generator;       // NetworkSpec::describe() of G and F
  std::string discriminator;   // empty when the file holds no discriminators
  int train_size = 0;          // crop size the model was trained at (0 = unknown)
  int64_t iterations = 0;      // training iterations done so far
  bool has_training_state = false;  // optimizers, pools, RNG: training can resume exactly
  std::string created;         // ISO 8601 UTC
  std::string updated;

  // "horse ↔ zebra" (or the file name for an official file).
  std::string display_name() const;
};

// Reads the header of our model file or an official .pth. Throws CheckpointError.
ModelInfo read_model_info(const std::string& path);

// Our model files (*.cgan) in a folder, sorted by display name; unreadable files are skipped.
std::vector<ModelInfo> list_models(const std::string& folder);

struct TranslateOptions {
  std::string model;                      // path of our model file or of an official G .pth
  Direction direction = Direction::AtoB;  // ignored for an official file (it has one direction)
  std::string to_domain;                  // if set, overrides direction: "zebra" picks A->B
  int tile_size = 0;                      // 0 = automatic (bounded memory)
  int threads = 0;                        // 0 = all cores
  std::string device = "auto";            // "auto", "cpu", "cuda"
};

// Translates `image` in place, at full resolution, tile by tile. Throws Error subclasses.
void translate(PixelBuffer& image, const TranslateOptions& options, const Callbacks& callbacks = {});

}  // namespace cyclegan
