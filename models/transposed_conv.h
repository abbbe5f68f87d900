// ConvTranspose2d computed with ordinary convolutions (sub-pixel / phase decomposition).
// Debian's LibTorch sends conv_transpose2d to the system BLAS, which by default is the slow
// reference one (shared/NOTES.md); conv2d runs on oneDNN whatever BLAS is installed.
#pragma once

#include <torch/torch.h>

namespace cyclegan {

// Same result as torch::conv_transpose2d(x, weight, bias, stride, padding, output_padding)
// for groups = dilation = 1, square kernels/strides; weight is [Cin, Cout, k, k]. Differentiable
// with respect to x, weight and bias.
torch::Tensor conv_transpose2d_by_conv(const torch::Tensor& x, const torch::Tensor& weight,
                                       const torch::Tensor& bias, int stride, int padding,
                                       int output_padding);

// nn.ConvTranspose2d's parameters ("weight" [Cin, Cout, k, k], "bias" [Cout]) and default
// init, with the forward above.
class ConvTransposeImpl : public torch::nn::Module {
 public:
  ConvTransposeImpl(int in, int out, int kernel, int stride, int padding, int output_padding,
                    bool bias);
  torch::Tensor forward(torch::Tensor x);

  torch::Tensor weight;
  torch::Tensor bias;  // undefined without bias

 private:
  int stride_;
  int padding_;
  int output_padding_;
};
TORCH_MODULE(ConvTranspose);

}  // namespace cyclegan
