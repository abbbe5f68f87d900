#include "core/loss_log.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <map>
#include <sstream>

#include "core/errors.h"
#include "core/image_io.h"

namespace cyclegan {

LossLog::LossLog(const std::string& path) : path_(path) {
  if (path.empty()) return;
  file_ = std::fopen(path.c_str(), "a");
  if (!file_) throw OutputError("Cannot write the loss log " + path + ": " + std::strerror(errno) + ".");
}

LossLog::~LossLog() {
  if (file_) std::fclose(file_);
}

std::string LossLog::to_json(const LossRecord& r) {
  std::ostringstream s;
  s.precision(6);
  s << "{\"iteration\":" << r.iteration << ",\"epoch\":" << r.epoch << ",\"lr\":" << r.learning_rate
    << ",\"seconds\":" << r.seconds;
  for (const auto& [name, value] : r.losses) s << ",\"" << name << "\":" << (std::isfinite(value) ? value : -1.0);
  s << "}";
  return s.str();
}

void LossLog::add(const LossRecord& record) {
  records_.push_back(record);
  if (!file_) return;
  const std::string line = to_json(record) + "\n";
  if (std::fputs(line.c_str(), file_) < 0 || std::fflush(file_) != 0)
    throw OutputError("Cannot write the loss log " + path_ + ": " + std::strerror(errno) + ".");
}

namespace {

struct Rgb {
  float r, g, b;
};

// A 3x5 bitmap font for the legend's few characters (bit 2 = left column).
const std::map<char, std::array<int, 5>>& glyphs() {
  static const std::map<char, std::array<int, 5>> g = {
      {'A', {2, 5, 7, 5, 5}}, {'B', {6, 5, 6, 5, 6}}, {'D', {6, 5, 5, 5, 6}}, {'G', {3, 4, 5, 5, 3}},
      {'_', {0, 0, 0, 0, 7}}, {'c', {0, 3, 4, 4, 3}}, {'y', {5, 5, 3, 1, 6}}, {'l', {2, 2, 2, 2, 3}},
      {'e', {2, 5, 7, 4, 3}}, {'i', {2, 0, 2, 2, 2}}, {'d', {1, 1, 7, 5, 7}}, {'t', {2, 7, 2, 2, 1}}};
  return g;
}

class Canvas {
 public:
  Canvas(int w, int h) {
    img.width = w;
    img.height = h;
    img.channels = 3;
    img.data.assign(static_cast<size_t>(w) * h * 3, 1.0f);
  }
  void dot(int x, int y, Rgb c) {
    if (x < 0 || y < 0 || x >= img.width || y >= img.height) return;
    float* p = &img.data[(static_cast<size_t>(y) * img.width + x) * 3];
    p[0] = c.r, p[1] = c.g, p[2] = c.b;
  }
  void line(int x0, int y0, int x1, int y1, Rgb c) {  // Bresenham, 2 px thick
    int dx = std::abs(x1 - x0), dy = -std::abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
    for (int err = dx + dy;;) {
      dot(x0, y0, c);
      dot(x0, y0 + 1, c);
      if (x0 == x1 && y0 == y1) break;
      const int e2 = 2 * err;
      if (e2 >= dy) err += dy, x0 += sx;
      if (e2 <= dx) err += dx, y0 += sy;
    }
  }
  void rect(int x0, int y0, int x1, int y1, Rgb c) {
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x) dot(x, y, c);
  }
  void text(int x, int y, const std::string& s, Rgb c, int scale = 2) {
    for (char ch : s) {
      auto it = glyphs().find(ch);
      if (it != glyphs().end())
        for (int row = 0; row < 5; ++row)
          for (int col = 0; col < 3; ++col)
            if (it->second[row] & (4 >> col)) rect(x + col * scale, y + row * scale, x + col * scale + scale - 1,
                                                   y + row * scale + scale - 1, c);
      x += 4 * scale;
    }
  }
  PixelBuffer img;
};

// Moving average over a window of ~1/50 of the run.
std::vector<double> smooth(const std::vector<double>& v) {
  const size_t w = std::max<size_t>(1, v.size() / 50);
  std::vector<double> out(v.size());
  double sum = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    sum += v[i];
    if (i >= w) sum -= v[i - w];
    out[i] = sum / static_cast<double>(std::min(i + 1, w));
  }
  return out;
}

void draw_panel(Canvas& canvas, const std::vector<LossRecord>& records, const std::vector<std::string>& names,
                int x0, int y0, int x1, int y1) {
  static const Rgb colours[4] = {{0.85f, 0.2f, 0.15f}, {0.1f, 0.4f, 0.85f}, {0.95f, 0.6f, 0.1f}, {0.2f, 0.65f, 0.3f}};
  const Rgb grey{0.8f, 0.8f, 0.8f}, black{0, 0, 0};
  for (int k = 1; k < 4; ++k) canvas.line(x0, y0 + (y1 - y0) * k / 4, x1, y0 + (y1 - y0) * k / 4, grey);
  canvas.line(x0, y1, x1, y1, black);
  canvas.line(x0, y0, x0, y1, black);
  std::vector<std::vector<double>> series;
  double top = 1e-9;
  for (const std::string& name : names) {
    std::vector<double> v;
    for (const LossRecord& r : records)
      for (const auto& [n, value] : r.losses)
        if (n == name && std::isfinite(value)) v.push_back(value);
    series.push_back(smooth(v));
    for (double x : series.back()) top = std::max(top, x);
  }
  for (size_t s = 0; s < series.size(); ++s) {
    const auto& v = series[s];
    for (size_t i = 1; i < v.size(); ++i) {
      auto px = [&](size_t j) { return x0 + static_cast<int>((x1 - x0) * j / std::max<size_t>(1, v.size() - 1)); };
      auto py = [&](double value) { return y1 - static_cast<int>((y1 - y0) * value / (top * 1.05)); };
      canvas.line(px(i - 1), py(v[i - 1]), px(i), py(v[i]), colours[s % 4]);
    }
    canvas.rect(x1 - 150, y0 + 8 + 16 * static_cast<int>(s), x1 - 136, y0 + 18 + 16 * static_cast<int>(s), colours[s % 4]);
    canvas.text(x1 - 128, y0 + 8 + 16 * static_cast<int>(s), names[s], black);
  }
}

}  // namespace

PixelBuffer plot_losses(const std::vector<LossRecord>& records, int width, int height) {
  Canvas canvas(width, height);
  const int m = 20, mid = height / 2;
  draw_panel(canvas, records, {"D_A", "D_B", "G_A", "G_B"}, m, m, width - m, mid - m / 2);
  draw_panel(canvas, records, {"cycle_A", "cycle_B", "idt_A", "idt_B"}, m, mid + m / 2, width - m, height - m);
  return canvas.img;
}

void save_loss_plot(const std::vector<LossRecord>& records, const std::string& path) {
  save_image(plot_losses(records), path);
}

}  // namespace cyclegan
