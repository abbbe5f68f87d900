// The official preprocessing (data/base_dataset.py of junyanz/pytorch-CycleGAN-and-pix2pix),
// formula for formula; see preprocess.h for the split into prepare() and augment().
#include "core/preprocess.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "base/errors.h"

namespace cyclegan {
namespace {

// base_dataset.py __make_power_2(img, base=4): both sizes rounded to a multiple of 4.
constexpr int kSizeBase = 4;

bool crops(PreprocessMode mode) {
  return mode == PreprocessMode::ResizeAndCrop || mode == PreprocessMode::Crop ||
         mode == PreprocessMode::ScaleWidthAndCrop || mode == PreprocessMode::Native;
}

// Python's round(): halves go to the even neighbour (std::nearbyint in the default rounding mode).
int python_round_to_base(int size) {
  const int rounded = int(std::nearbyint(double(size) / kSizeBase)) * kSizeBase;
  // The official code would hand PIL a zero size (and fail) for images under 2 pixels; we keep
  // at least one block of 4.
  return std::max(kSizeBase, rounded);
}

// PIL's bicubic kernel (Imaging/Resample.c, a = -0.5).
double bicubic(double x) {
  constexpr double a = -0.5;
  x = std::fabs(x);
  if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
  if (x < 2.0) return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
  return 0.0;
}

// PIL's precompute_coeffs: for each output index, the first input index and normalised weights.
// When shrinking, the kernel is stretched by the scale factor (antialiasing).
struct Coefficients {
  std::vector<int> first;
  std::vector<int> count;
  std::vector<double> weights;  // ksize per output index
  int ksize = 0;
};

Coefficients precompute(int in_size, int out_size) {
  constexpr double kSupport = 2.0;  // bicubic kernel support
  const double scale = double(in_size) / out_size;
  const double filter_scale = std::max(scale, 1.0);
  const double support = kSupport * filter_scale;
  Coefficients c;
  c.ksize = int(std::ceil(support)) * 2 + 1;
  c.first.resize(out_size);
  c.count.resize(out_size);
  c.weights.assign(size_t(out_size) * c.ksize, 0.0);
  for (int xx = 0; xx < out_size; ++xx) {
    const double center = (xx + 0.5) * scale;
    const double ss = 1.0 / filter_scale;
    int xmin = int(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    int xmax = int(center + support + 0.5);
    if (xmax > in_size) xmax = in_size;
    xmax -= xmin;
    double* k = &c.weights[size_t(xx) * c.ksize];
    double total = 0.0;
    for (int x = 0; x < xmax; ++x) {
      k[x] = bicubic((x + xmin - center + 0.5) * ss);
      total += k[x];
    }
    if (total != 0.0)
      for (int x = 0; x < xmax; ++x) k[x] /= total;
    c.first[xx] = xmin;
    c.count[xx] = xmax;
  }
  return c;
}

float clamp01(double v) { return float(std::min(1.0, std::max(0.0, v))); }

// Both passes accumulate in float with float weights: at most ~13 taps, so the error stays
// around 1e-7, far below a 16-bit step, and the loops vectorise.
PixelBuffer resize_horizontal(const PixelBuffer& in, int width) {
  const Coefficients c = precompute(in.width, width);
  const std::vector<float> weights(c.weights.begin(), c.weights.end());
  const int ch = in.channels;
  PixelBuffer out{width, in.height, ch, std::vector<float>(size_t(width) * in.height * ch)};
  for (int y = 0; y < in.height; ++y) {
    const float* row = &in.data[size_t(y) * in.width * ch];
    float* dst = &out.data[size_t(y) * width * ch];
    for (int x = 0; x < width; ++x) {
      const float* k = &weights[size_t(x) * c.ksize];
      const float* src = row + size_t(c.first[x]) * ch;
      float sum[4] = {0, 0, 0, 0};
      for (int i = 0; i < c.count[x]; ++i)
        for (int j = 0; j < ch; ++j) sum[j] += src[size_t(i) * ch + j] * k[i];
      for (int j = 0; j < ch; ++j) dst[size_t(x) * ch + j] = clamp01(sum[j]);  // PIL clips each 8-bit pass
    }
  }
  return out;
}

PixelBuffer resize_vertical(const PixelBuffer& in, int height) {
  const Coefficients c = precompute(in.height, height);
  const size_t row = size_t(in.width) * in.channels;
  PixelBuffer out{in.width, height, in.channels, std::vector<float>(row * height)};
  std::vector<float> sum(row);
  for (int y = 0; y < height; ++y) {
    std::fill(sum.begin(), sum.end(), 0.0f);
    const double* k = &c.weights[size_t(y) * c.ksize];
    for (int i = 0; i < c.count[y]; ++i) {
      const float* src = &in.data[size_t(c.first[y] + i) * row];
      const float w = float(k[i]);
      for (size_t j = 0; j < row; ++j) sum[j] += src[j] * w;
    }
    for (size_t j = 0; j < row; ++j) out.data[size_t(y) * row + j] = clamp01(sum[j]);
  }
  return out;
}

PixelBuffer crop(const PixelBuffer& in, int left, int top, int width, int height) {
  PixelBuffer out{width, height, in.channels, std::vector<float>(size_t(width) * height * in.channels)};
  const size_t row = size_t(width) * in.channels;
  for (int y = 0; y < height; ++y)
    std::copy_n(&in.data[(size_t(top + y) * in.width + left) * in.channels], row, &out.data[size_t(y) * row]);
  return out;
}

void flip_horizontally(PixelBuffer& image) {
  const int ch = image.channels;
  for (int y = 0; y < image.height; ++y) {
    float* row = &image.data[size_t(y) * image.width * ch];
    for (int a = 0, b = image.width - 1; a < b; ++a, --b)
      for (int j = 0; j < ch; ++j) std::swap(row[size_t(a) * ch + j], row[size_t(b) * ch + j]);
  }
}

}  // namespace

PreprocessMode parse_preprocess_mode(const std::string& name) {
  for (PreprocessMode m : {PreprocessMode::ResizeAndCrop, PreprocessMode::Crop, PreprocessMode::ScaleWidth,
                           PreprocessMode::ScaleWidthAndCrop, PreprocessMode::None, PreprocessMode::Native})
    if (name == preprocess_mode_name(m)) return m;
  throw InputError("Unknown preprocessing \"" + name +
                   "\": use resize_and_crop, crop, scale_width, scale_width_and_crop, none or native.");
}

const char* preprocess_mode_name(PreprocessMode mode) {
  switch (mode) {
    case PreprocessMode::ResizeAndCrop: return "resize_and_crop";
    case PreprocessMode::Crop: return "crop";
    case PreprocessMode::ScaleWidth: return "scale_width";
    case PreprocessMode::ScaleWidthAndCrop: return "scale_width_and_crop";
    case PreprocessMode::None: return "none";
    case PreprocessMode::Native: return "native";
  }
  return "?";
}

void check_preprocess_options(const PreprocessOptions& options) {
  if (options.load_size < 1 || options.crop_size < 1)
    throw InputError("The load size (" + std::to_string(options.load_size) + ") and crop size (" +
                     std::to_string(options.crop_size) + ") must be at least 1.");
  const bool resize_then_crop = options.mode == PreprocessMode::ResizeAndCrop ||
                                options.mode == PreprocessMode::ScaleWidthAndCrop ||
                                options.mode == PreprocessMode::Native;
  if (resize_then_crop && options.load_size < options.crop_size)
    throw InputError("The load size (" + std::to_string(options.load_size) + ") is smaller than the crop size (" +
                     std::to_string(options.crop_size) + ") for " + preprocess_mode_name(options.mode) +
                     ": make the load size at least the crop size.");
}

void prepared_size(const PreprocessOptions& options, int width, int height, int* out_width, int* out_height) {
  int w = width, h = height;
  switch (options.mode) {
    case PreprocessMode::ResizeAndCrop:  // transforms.Resize([load, load])
      w = h = options.load_size;
      break;
    case PreprocessMode::Crop:
      break;
    case PreprocessMode::ScaleWidth:  // __scale_width(img, load_size, crop_size)
    case PreprocessMode::ScaleWidthAndCrop:
      if (!(width == options.load_size && height >= options.crop_size)) {
        w = options.load_size;
        // int(max(target_size * oh / ow, crop_size)): a true division, then truncation.
        h = int(std::max(double(int64_t(options.load_size) * height) / width, double(options.crop_size)));
      }
      break;
    case PreprocessMode::None:  // __make_power_2(img, base=4)
      w = python_round_to_base(width);
      h = python_round_to_base(height);
      break;
    case PreprocessMode::Native: {  // the shorter side brought into [crop, load], aspect kept
      const int shorter = std::min(width, height);
      const int target = std::clamp(shorter, options.crop_size, options.load_size);
      if (target != shorter) {
        const double scale = double(target) / shorter;
        w = width == shorter ? target : std::max(target, int(std::lround(width * scale)));
        h = height == shorter ? target : std::max(target, int(std::lround(height * scale)));
      }
      break;
    }
  }
  *out_width = w;
  *out_height = h;
}

PixelBuffer prepare(const PixelBuffer& rgb, const PreprocessOptions& options, const std::string& name) {
  check_preprocess_options(options);
  if (rgb.width <= 0 || rgb.height <= 0)
    throw InputError(Message{CYCLEGAN_MESSAGE("The image \"%s\" is empty."), {name}});
  if (options.mode == PreprocessMode::Crop && (rgb.width < options.crop_size || rgb.height < options.crop_size)) {
    const std::string crop = std::to_string(options.crop_size);
    throw InputError(Message{CYCLEGAN_MESSAGE("The image \"%1$s\" (%2$sx%3$s) is smaller than the crop size %4$sx%4$s: "
                                              "remove it, or use a smaller crop or resize_and_crop."),
                             {name, std::to_string(rgb.width), std::to_string(rgb.height), crop}});
  }
  int w = 0, h = 0;
  prepared_size(options, rgb.width, rgb.height, &w, &h);
  return resize_bicubic(rgb, w, h);
}

PixelBuffer augment(const PixelBuffer& prepared, const PreprocessOptions& options, std::mt19937_64& rng) {
  PixelBuffer out;
  const int size = options.crop_size;
  if (crops(options.mode)) {
    if (prepared.width < size || prepared.height < size)
      throw InputError("An image of " + std::to_string(prepared.width) + "x" + std::to_string(prepared.height) +
                       " is smaller than the crop size " + std::to_string(size) + ".");
    // torchvision RandomCrop.get_params: no draw for an exact fit, else top first, then left.
    int top = 0, left = 0;
    if (!(prepared.width == size && prepared.height == size)) {
      top = int(uniform_index(rng, uint64_t(prepared.height - size + 1)));
      left = int(uniform_index(rng, uint64_t(prepared.width - size + 1)));
    }
    out = crop(prepared, left, top, size, size);
  } else {
    out = prepared;
  }
  // transforms.RandomHorizontalFlip: flips when a uniform draw is below 0.5.
  if (options.flip && uniform_unit(rng) < 0.5) flip_horizontally(out);
  return out;
}

PixelBuffer resize_bicubic(const PixelBuffer& image, int width, int height) {
  if (width < 1 || height < 1) throw InputError("Cannot resize an image to " + std::to_string(width) + "x" +
                                                std::to_string(height) + ".");
  // PIL resizes horizontally first, and skips a pass whose size does not change.
  PixelBuffer out = image.width == width ? image : resize_horizontal(image, width);
  if (out.height != height) out = resize_vertical(out, height);
  return out;
}

uint64_t uniform_index(std::mt19937_64& rng, uint64_t n) {
  if (n <= 1) return 0;
  // Rejection of the 2^64 mod n lowest raw values removes the modulo bias.
  const uint64_t threshold = (0 - n) % n;
  while (true) {
    const uint64_t r = rng();
    if (r >= threshold) return r % n;
  }
}

double uniform_unit(std::mt19937_64& rng) { return double(rng() >> 11) * 0x1.0p-53; }

}  // namespace cyclegan
