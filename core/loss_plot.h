// The loss plot written next to a model (NAME-losses.png): two panels over the iterations, the
// adversarial losses (D_A, D_B, G_A, G_B) on top and the cycle and identity losses below, each
// curve a moving average so the trend shows through GAN noise, with numbered axes and a legend.
// Drawn with cairo, so lines are anti-aliased and text is real text.
#pragma once

#include <string>
#include <vector>

#include "core/cyclegan.h"
#include "core/loss_log.h"

namespace cyclegan {

struct LossPlotOptions {
  int width = 960;
  int height = 640;
  // Logarithmic loss axes: losses that fall by orders of magnitude (cycle, identity) stay
  // readable late in a run. Non-positive values are left out on a log axis.
  bool log_scale = false;
};

// The plot as an RGB image (white background); no records give the empty axes.
PixelBuffer plot_losses(const std::vector<LossRecord>& records, const LossPlotOptions& options = {});

// plot_losses saved as PNG (throws OutputError).
void save_loss_plot(const std::vector<LossRecord>& records, const std::string& path,
                    const LossPlotOptions& options = {});

}  // namespace cyclegan
