#include "core/sample_sheet.h"

#include <algorithm>
#include <array>

#include "core/cairo_canvas.h"
#include "core/image_io.h"
#include "core/pixel_tensor.h"

namespace cyclegan {

namespace {

constexpr int kGap = 2;        // white pixels between tiles
constexpr int kPadding = 6;    // around the labels
constexpr int kMaxLabelWidth = 220;

struct RowLabel {
  std::string what;    // the official notation: real A, G(A), F(G(A))...
  std::string shows;   // in the domains' own names
};

std::array<RowLabel, 6> row_labels(const SheetNames& n) {
  return {{{"real A", n.a},
           {"G(A)", "as " + n.b},
           {"F(G(A))", "back to " + n.a},
           {"real B", n.b},
           {"F(B)", "as " + n.a},
           {"G(F(B))", "back to " + n.b}}};
}

// Small tiles get small text, and one line where two would not fit.
double label_font_size(int tile_height) { return std::clamp(tile_height * 0.13, 8.0, 14.0); }
bool two_lines(int tile_height) { return tile_height >= 2.6 * label_font_size(tile_height); }

}  // namespace

int sample_sheet_label_width(const SheetNames& names, int tile_height) {
  CairoCanvas measure(1, 1, "the sample sheet", label_font_size(tile_height));
  double widest = 0;
  for (const RowLabel& label : row_labels(names)) {
    widest = std::max(widest, text_width(measure.cr(), label.what));
    if (two_lines(tile_height)) widest = std::max(widest, text_width(measure.cr(), label.shows));
  }
  return std::min(kMaxLabelWidth, static_cast<int>(widest) + 2 * kPadding);
}

PixelBuffer make_sample_sheet(CycleGanNets& nets, const torch::Tensor& a, const torch::Tensor& b,
                              const SheetNames& names) {
  torch::NoGradGuard no_grad;
  const torch::Device device = nets.g->parameters().front().device();
  torch::Tensor real_a = a.to(device), real_b = b.to(device);
  torch::Tensor fake_b = nets.g->forward(real_a), fake_a = nets.f->forward(real_b);
  const torch::Tensor rows[6] = {real_a, fake_b, nets.f->forward(fake_b),
                                 real_b, fake_a, nets.g->forward(fake_a)};
  // The A rows and the B rows may hold different numbers of images: one column per image of the
  // larger set, empty cells stay white.
  const int n = static_cast<int>(std::max(a.size(0), b.size(0)));
  const int h = static_cast<int>(a.size(2)), w = static_cast<int>(a.size(3));
  const int label_width = sample_sheet_label_width(names, h);
  const int height = 6 * h + 7 * kGap;

  // The labels, drawn on a canvas as high as the sheet; each is centred on its row.
  const double font_size = label_font_size(h);
  CairoCanvas labels(label_width, height, "the sample sheet", font_size);
  cairo_t* cr = labels.cr();
  const std::array<RowLabel, 6> text = row_labels(names);
  for (int r = 0; r < 6; ++r) {
    const double centre = kGap + r * (h + kGap) + h / 2.0;
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    if (!two_lines(h)) {
      draw_text(cr, kPadding, centre, text[r].what, 0, 0.5);
      continue;
    }
    draw_text(cr, kPadding, centre - 0.15 * font_size, text[r].what, 0, 1);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    draw_text(cr, kPadding, centre + 0.25 * font_size, text[r].shows, 0, 0);
  }
  const PixelBuffer label_pixels = labels.pixels();

  PixelBuffer sheet;
  sheet.channels = 3;
  sheet.width = label_width + n * w + (n + 1) * kGap;
  sheet.height = height;
  sheet.data.assign(static_cast<size_t>(sheet.width) * sheet.height * 3, 1.0f);
  auto copy_rows = [&sheet](const PixelBuffer& from, int x0, int y0) {
    for (int y = 0; y < from.height; ++y)
      std::copy(from.data.begin() + static_cast<size_t>(y) * from.width * 3,
                from.data.begin() + static_cast<size_t>(y + 1) * from.width * 3,
                sheet.data.begin() + (static_cast<size_t>(y0 + y) * sheet.width + x0) * 3);
  };
  copy_rows(label_pixels, 0, 0);
  for (int r = 0; r < 6; ++r)
    for (int c = 0; c < rows[r].size(0); ++c)
      copy_rows(network_output_to_rgb(rows[r][c].cpu()), label_width + kGap + c * (w + kGap), kGap + r * (h + kGap));
  return sheet;
}

void save_sample_sheet(CycleGanNets& nets, const torch::Tensor& a, const torch::Tensor& b,
                       const std::string& path, const SheetNames& names) {
  save_image(make_sample_sheet(nets, a, b, names), path);  // atomic: temp file + rename
}

}  // namespace cyclegan
