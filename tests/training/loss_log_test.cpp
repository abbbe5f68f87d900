#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "core/loss_log.h"
#include "core/loss_plot.h"

namespace cyclegan {
namespace {

TEST(LossLog, EachRecordIsOneJsonObjectWithDivergedLossesAsNull) {
  LossRecord r;
  r.iteration = 12;
  r.epoch = 2;
  r.learning_rate = 0.0002;
  r.seconds = 1.5;
  r.losses = {{"D_A", 0.25}, {"G_A", std::nan("")}, {"cycle_A", std::numeric_limits<double>::infinity()}};
  EXPECT_EQ(LossLog::to_json(r),
            "{\"iteration\":12,\"epoch\":2,\"lr\":0.0002,\"seconds\":1.5,\"D_A\":0.25,\"G_A\":null,\"cycle_A\":null}");
}

// Two hundred iterations: D_A falls slowly, cycle_A by two orders of magnitude.
std::vector<LossRecord> falling_losses() {
  std::vector<LossRecord> records;
  for (int i = 1; i <= 200; ++i) {
    LossRecord r;
    r.iteration = i;
    r.losses = {{"D_A", 0.5 - 0.002 * i}, {"G_A", 1.0}, {"cycle_A", 2.0 * std::pow(0.01, i / 200.0)}, {"idt_A", 0.0}};
    records.push_back(r);
  }
  records[50].losses[0].second = std::nan("");  // a diverged value is skipped, not drawn
  return records;
}

// Pixels of the first curve colour (red: D_A on top, cycle_A below) in rows [y0, y1).
struct RedPixels {
  int count = 0;
  double mean_row = 0;
};
RedPixels red_pixels(const PixelBuffer& img, int y0, int y1) {
  RedPixels r;
  for (int y = y0; y < y1; ++y)
    for (int x = 0; x < img.width; ++x) {
      const float* p = &img.data[(static_cast<size_t>(y) * img.width + x) * 3];
      if (p[0] > 0.7f && p[1] < 0.35f && p[2] < 0.35f) ++r.count, r.mean_row += y;
    }
  if (r.count) r.mean_row /= r.count;
  return r;
}

TEST(LossPlot, DrawsCurvesNumberedAxesAndALogScaleOnRequest) {
  const PixelBuffer linear = plot_losses(falling_losses());
  ASSERT_EQ(linear.width, 960);
  ASSERT_EQ(linear.height, 640);
  const int mid = linear.height / 2;
  EXPECT_GT(red_pixels(linear, 0, mid).count, 300);  // D_A, a line across the top panel
  EXPECT_GT(red_pixels(linear, mid, linear.height).count, 300);  // cycle_A below
  // Tick numbers left of the loss axes: dark anti-aliased text in the margin.
  int dark_in_margin = 0;
  for (int y = 0; y < linear.height; ++y)
    for (int x = 0; x < 58; ++x) dark_in_margin += linear.data[(static_cast<size_t>(y) * linear.width + x) * 3] < 0.4f;
  EXPECT_GT(dark_in_margin, 100);

  // On a log axis an exponential fall is a straight line through the panel's middle; on a
  // linear one it hugs the bottom for most of the run.
  LossPlotOptions log_options;
  log_options.log_scale = true;
  const PixelBuffer log = plot_losses(falling_losses(), log_options);
  EXPECT_LT(red_pixels(log, mid, log.height).mean_row, red_pixels(linear, mid, linear.height).mean_row - 40);
}

TEST(LossPlot, NoRecordsGiveEmptyAxes) {
  const PixelBuffer img = plot_losses({});
  EXPECT_EQ(red_pixels(img, 0, img.height).count, 0);
  LossPlotOptions log_options;
  log_options.log_scale = true;
  EXPECT_EQ(plot_losses({}, log_options).width, 960);
}

}  // namespace
}  // namespace cyclegan
