// Internal building blocks shared by the architectures (not a public header).
#pragma once

#include <torch/torch.h>

#include "models/network_spec.h"

namespace cyclegan::layers {

// The official get_norm_layer(): InstanceNorm2d(affine=False) / BatchNorm2d(affine=True) /
// Identity. Parameterless layers still occupy their Sequential index, as in Python.
torch::nn::AnyModule norm(NormKind kind, int channels);

// networks.py's `use_bias`: convs followed by a norm have a bias only with instance norm
// (BatchNorm has its own shift; with norm 'none' the official code also drops it).
bool conv_bias(NormKind kind);

torch::nn::Conv2d conv(int in, int out, int kernel, int stride, int padding, bool bias);

// The activation functions, as the official code builds them.
torch::nn::AnyModule relu();
torch::nn::AnyModule leaky_relu();  // LeakyReLU(0.2)

// Runs the Sequential's children [0, end) (end < 0: all of them).
torch::Tensor run(torch::nn::Sequential& seq, torch::Tensor x, int end = -1);

// The input_skip formulation of networks.h, applied to the pre-tanh activation z.
torch::Tensor skip_tanh(const torch::Tensor& z, const torch::Tensor& input);

}  // namespace cyclegan::layers
