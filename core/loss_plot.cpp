#include "core/loss_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/cairo_canvas.h"
#include "core/image_io.h"

namespace cyclegan {

namespace {

struct Rgb {
  double r, g, b;
};

constexpr Rgb kCurveColours[4] = {{0.84, 0.19, 0.15}, {0.12, 0.40, 0.85}, {0.95, 0.58, 0.08}, {0.18, 0.62, 0.30}};
constexpr Rgb kText{0.1, 0.1, 0.1}, kGrid{0.86, 0.86, 0.86}, kAxis{0.3, 0.3, 0.3};
constexpr double kFontSize = 13;

struct Series {
  std::string name;
  std::vector<double> x, y;  // iteration, moving average of the loss
};

// Moving average over a window of ~1/50 of the run; values that are not finite (a diverged
// loss) are left out.
Series smoothed_series(const std::vector<LossRecord>& records, const std::string& name) {
  Series s;
  s.name = name;
  std::vector<double> raw;
  for (const LossRecord& r : records)
    for (const auto& [n, value] : r.losses)
      if (n == name && std::isfinite(value)) {
        s.x.push_back(static_cast<double>(r.iteration));
        raw.push_back(value);
      }
  const size_t window = std::max<size_t>(1, raw.size() / 50);
  double sum = 0;
  for (size_t i = 0; i < raw.size(); ++i) {
    sum += raw[i];
    if (i >= window) sum -= raw[i - window];
    s.y.push_back(sum / static_cast<double>(std::min(i + 1, window)));
  }
  return s;
}

// Tick values from lo to hi at a round step (1, 2 or 5 times a power of ten), about `count` of
// them, the step at least `min_step` (1 for iterations: there is no iteration 2.5).
std::vector<double> linear_ticks(double lo, double hi, int count, double min_step = 0) {
  const double raw = std::max((hi - lo) / std::max(1, count), min_step);
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = power;
  for (double m : {2.0, 5.0, 10.0})
    if (step < raw) step = m * power;
  std::vector<double> ticks;
  for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push_back(std::abs(t) < step * 1e-9 ? 0 : t);
  return ticks;
}

std::string tick_label(double v) {
  char buf[32];
  if (v != 0 && (std::abs(v) >= 1e5 || std::abs(v) < 1e-3)) std::snprintf(buf, sizeof buf, "%.0e", v);
  else std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

void set_colour(cairo_t* cr, Rgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

struct Box {
  double x0, y0, x1, y1;
};

void draw_panel(cairo_t* cr, const std::vector<LossRecord>& records, const std::string& title,
                const std::vector<std::string>& names, Box box, bool log_scale, double last_iteration) {
  std::vector<Series> series;
  for (const std::string& name : names) {
    Series s = smoothed_series(records, name);
    if (log_scale) {  // a log axis cannot show zero or negative values
      Series kept{s.name, {}, {}};
      for (size_t i = 0; i < s.y.size(); ++i)
        if (s.y[i] > 0) kept.x.push_back(s.x[i]), kept.y.push_back(s.y[i]);
      s = kept;
    }
    if (!s.y.empty()) series.push_back(std::move(s));
  }
  double lo = log_scale ? 1e300 : 0, hi = log_scale ? 0 : 1e-9;
  for (const Series& s : series)
    for (double v : s.y) lo = std::min(lo, v), hi = std::max(hi, v);
  if (log_scale) {
    if (series.empty()) lo = 0.01, hi = 1;
    lo = std::pow(10.0, std::floor(std::log10(lo)));
    hi = std::pow(10.0, std::ceil(std::log10(hi)));
    // At most five decades: the first iterations' near-zero losses would squash the rest.
    lo = std::max(lo, hi * 1e-5);
    if (hi <= lo) hi = lo * 10;
  } else {
    hi *= 1.05;
  }
  const double x_hi = std::max(1.0, last_iteration);
  auto px = [&](double it) { return box.x0 + (box.x1 - box.x0) * it / x_hi; };
  auto py = [&](double v) {
    const double f = log_scale ? (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo)) : (v - lo) / (hi - lo);
    return box.y1 - (box.y1 - box.y0) * f;
  };

  // Grid and numbers: the loss on the left, iterations below.
  cairo_set_line_width(cr, 1);
  std::vector<double> y_ticks;
  if (log_scale) {
    for (double t = lo; t <= hi * 1.0001; t *= 10) y_ticks.push_back(t);
  } else {
    y_ticks = linear_ticks(lo, hi, 5);
  }
  for (double t : y_ticks) {
    set_colour(cr, kGrid);
    cairo_move_to(cr, box.x0, std::round(py(t)) + 0.5);
    cairo_line_to(cr, box.x1, std::round(py(t)) + 0.5);
    cairo_stroke(cr);
    set_colour(cr, kText);
    draw_text(cr, box.x0 - 6, py(t), tick_label(t), 1, 0.5);
  }
  // About one numbered tick per 70 pixels, so five-digit iteration counts never collide.
  for (double t : linear_ticks(0, x_hi, std::max(2, static_cast<int>((box.x1 - box.x0) / 70)), 1)) {
    set_colour(cr, kAxis);
    cairo_move_to(cr, std::round(px(t)) + 0.5, box.y1);
    cairo_line_to(cr, std::round(px(t)) + 0.5, box.y1 + 4);
    cairo_stroke(cr);
    set_colour(cr, kText);
    draw_text(cr, px(t), box.y1 + 6, tick_label(t), 0.5, 0);
  }
  set_colour(cr, kAxis);
  cairo_move_to(cr, box.x0 + 0.5, box.y0);
  cairo_line_to(cr, box.x0 + 0.5, box.y1 + 0.5);
  cairo_line_to(cr, box.x1, box.y1 + 0.5);
  cairo_stroke(cr);
  set_colour(cr, kText);
  draw_text(cr, box.x0, box.y0 - 8, title + (log_scale ? " (log scale)" : ""), 0, 1);

  // Curves, then the legend over them (top right).
  cairo_save(cr);
  cairo_rectangle(cr, box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0);
  cairo_clip(cr);
  cairo_set_line_width(cr, 1.6);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  for (size_t k = 0; k < series.size(); ++k) {
    set_colour(cr, kCurveColours[k % 4]);
    const Series& s = series[k];
    for (size_t i = 0; i < s.y.size(); ++i) (i ? cairo_line_to : cairo_move_to)(cr, px(s.x[i]), py(s.y[i]));
    cairo_stroke(cr);
  }
  cairo_restore(cr);
  const double legend_x = box.x1 - 110;
  for (size_t k = 0; k < series.size(); ++k) {
    const double y = box.y0 + 10 + 18 * static_cast<double>(k);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_rectangle(cr, legend_x - 6, y - 3, 110, 18);
    cairo_fill(cr);
    set_colour(cr, kCurveColours[k % 4]);
    cairo_set_line_width(cr, 3);
    cairo_move_to(cr, legend_x, y + 6);
    cairo_line_to(cr, legend_x + 22, y + 6);
    cairo_stroke(cr);
    set_colour(cr, kText);
    draw_text(cr, legend_x + 30, y + 6, series[k].name, 0, 0.5);
  }
}

}  // namespace

PixelBuffer plot_losses(const std::vector<LossRecord>& records, const LossPlotOptions& options) {
  const int w = std::max(200, options.width), h = std::max(160, options.height);
  CairoCanvas canvas(w, h, "the loss plot", kFontSize);
  cairo_t* cr = canvas.cr();

  double last_iteration = 0;
  for (const LossRecord& r : records) last_iteration = std::max(last_iteration, static_cast<double>(r.iteration));
  const double left = 64, right = w - 16, gap = 56, top = 30, bottom = h - 40;
  const double mid = (top + bottom) / 2;
  draw_panel(cr, records, "adversarial losses", {"D_A", "D_B", "G_A", "G_B"}, {left, top, right, mid - gap / 2},
             options.log_scale, last_iteration);
  draw_panel(cr, records, "cycle and identity losses", {"cycle_A", "cycle_B", "idt_A", "idt_B"},
             {left, mid + gap / 2, right, bottom}, options.log_scale, last_iteration);
  set_colour(cr, kText);
  draw_text(cr, (left + right) / 2, h - 6, "iteration", 0.5, 1);
  return canvas.pixels();
}

void save_loss_plot(const std::vector<LossRecord>& records, const std::string& path, const LossPlotOptions& options) {
  save_image(plot_losses(records, options), path);
}

}  // namespace cyclegan
