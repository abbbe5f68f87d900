// MobileNetV2 features of a list of images, for the FID/KID scores of bench/quality-suite.
//   feature_extract NET.pt LIST.txt OUT.f32 [THREADS]
// NET.pt: a TorchScript module taking N x 3 x H x W RGB in [0, 255] and giving N x 1280
// (../shared/metrics). LIST.txt: one image path per line. OUT.f32: the features as raw
// little-endian float32, one row of 1280 per image, in list order.
#include <torch/script.h>

#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "core/image_io.h"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: feature_extract NET.pt LIST.txt OUT.f32 [THREADS]\n";
    return 2;
  }
  try {
    at::set_num_threads(argc > 4 ? std::stoi(argv[4]) : 1);
    torch::NoGradGuard no_grad;
    torch::jit::Module net = torch::jit::load(argv[1]);
    net.eval();
    std::ifstream list(argv[2]);
    std::ofstream out(argv[3], std::ios::binary);
    std::string path;
    while (std::getline(list, path)) {
      if (path.empty()) continue;
      const cyclegan::PixelBuffer rgb = cyclegan::to_rgb_over_white(cyclegan::load_image(path));
      torch::Tensor x = torch::from_blob(const_cast<float*>(rgb.data.data()), {rgb.height, rgb.width, 3})
                            .permute({2, 0, 1})
                            .unsqueeze(0)
                            .mul(255.0f)
                            .contiguous();
      torch::Tensor f = net.forward({x}).toTensor().to(torch::kFloat32).contiguous();
      out.write(reinterpret_cast<const char*>(f.data_ptr<float>()), f.numel() * sizeof(float));
    }
    if (!out) throw std::runtime_error(std::string("cannot write ") + argv[3]);
  } catch (const std::exception& e) {
    std::cerr << "feature_extract: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
