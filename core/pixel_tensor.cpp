// PixelBuffer (interleaved HxWxC, 0..1) <-> tensors (planar CxHxW, [-1, 1]).
#include "core/pixel_tensor.h"

#include <algorithm>

#include "base/errors.h"

namespace cyclegan {
namespace {

void check_buffer(const PixelBuffer& image) {
  if (image.width <= 0 || image.height <= 0 || image.channels < 1 || image.channels > 4 ||
      image.data.size() != size_t(image.width) * image.height * image.channels)
    throw InputError("The image is empty or malformed (" + std::to_string(image.width) + "x" +
                     std::to_string(image.height) + ", " + std::to_string(image.channels) + " channels).");
}

// 3xHxW (or 1x3xHxW) float on the CPU, contiguous.
torch::Tensor output_chw(const torch::Tensor& output) {
  torch::Tensor t = output.dim() == 4 ? output.squeeze(0) : output;
  if (t.dim() != 3 || t.size(0) != 3) throw InputError("A network output must be 3xHxW or 1x3xHxW.");
  return t.detach().to(torch::kCPU, torch::kFloat).contiguous();
}

}  // namespace

torch::Tensor to_network_input(const PixelBuffer& image) {
  check_buffer(image);
  const int64_t h = image.height, w = image.width, c = image.channels;
  // HxWxC view of the buffer, colour channels only, then planar and scaled like Normalize(0.5, 0.5).
  torch::Tensor hwc = torch::from_blob(const_cast<float*>(image.data.data()), {h, w, c}, torch::kFloat);
  torch::Tensor color = hwc.narrow(2, 0, image.color_channels());
  if (image.color_channels() == 1) color = color.expand({h, w, 3});
  return color.permute({2, 0, 1}).mul(2.0).sub(1.0).unsqueeze(0).contiguous();
}

torch::Tensor rgb_to_chw(const PixelBuffer& rgb) {
  check_buffer(rgb);
  if (rgb.channels != 3) throw InputError("Expected an RGB image, got " + std::to_string(rgb.channels) + " channels.");
  return to_network_input(rgb).squeeze(0);
}

PixelBuffer network_output_to_rgb(const torch::Tensor& output) {
  torch::Tensor hwc = output_chw(output).add(1.0).mul(0.5).clamp(0.0, 1.0).permute({1, 2, 0}).contiguous();
  PixelBuffer out;
  out.height = int(hwc.size(0));
  out.width = int(hwc.size(1));
  out.channels = 3;
  out.data.assign(hwc.data_ptr<float>(), hwc.data_ptr<float>() + hwc.numel());
  return out;
}

void store_network_output(const torch::Tensor& output, PixelBuffer& image) {
  check_buffer(image);
  torch::Tensor chw = output_chw(output);
  if (chw.size(1) != image.height || chw.size(2) != image.width)
    throw InputError("The network output size does not match the image.");
  torch::Tensor values = chw.add(1.0).mul(0.5);
  if (image.color_channels() == 1) values = values.mean(0, /*keepdim=*/true);
  torch::Tensor hwc = values.clamp(0.0, 1.0).permute({1, 2, 0}).contiguous();
  const float* src = hwc.data_ptr<float>();
  const int cc = image.color_channels(), c = image.channels;
  const size_t n = size_t(image.width) * image.height;
  for (size_t i = 0; i < n; ++i) std::copy_n(src + i * cc, cc, &image.data[i * c]);
}

}  // namespace cyclegan
