// The official CycleGAN networks (networks.py of junyanz/pytorch-CycleGAN-and-pix2pix), with
// registered submodule names equal to the Python attribute names and nn.Sequential indices, so
// that named_parameters()/named_buffers() keys equal the official state_dict keys.
//
//   auto g = cyclegan::make_network(cyclegan::NetworkSpec::resnet(64, 9));
//   g->eval();
//   torch::Tensor y = g->forward(x);  // x: [N, 3, H, W] in [-1, 1]
#pragma once

#include <torch/torch.h>

#include <memory>

#include "models/network_spec.h"

namespace cyclegan {

// Every network we build: a torch Module with a single-tensor forward.
class Network : public torch::nn::Module {
 public:
  virtual torch::Tensor forward(torch::Tensor x) = 0;
  const NetworkSpec& spec() const { return spec_; }

 protected:
  explicit Network(NetworkSpec spec) : spec_(std::move(spec)) {}

 private:
  NetworkSpec spec_;
};

// Builds the network, initialised as the official init_weights('normal', 0.02):
// conv weights ~ N(0, 0.02), biases 0, BatchNorm weight ~ N(1, 0.02), bias 0.
//
// spec.input_skip (ours, generators only; same parameters and keys): the input is added to the
// generator's last activation *before* its final tanh,
//     out = tanh(z + atanh(clamp(x, -kSkipClamp, kSkipClamp)))      (kSkipClamp = 0.999)
// where tanh(z) is the official output. An untrained generator (z small and zero-mean) thus
// starts close to the identity, every output value in (-1, 1) stays reachable, and the
// gradient never dies in a clamp of the output.
// spec.colour_path (ours, generators only): out = clamp(x + L(x) + body(x), -1, 1) with a 5x5
// linear colour path L and the official generator as body, both zero at start (colour_path.h).
// Throws InputError for a spec that cannot be built (e.g. width < 1, depth out of range).
std::shared_ptr<Network> make_network(const NetworkSpec& spec);

// Official init, on an existing network (uses torch's global generator): every Conv2d and
// transposed conv weight ~ N(0, gain), bias 0; BatchNorm weight ~ N(1, gain), bias 0.
void init_weights_normal(torch::nn::Module& net, double gain = 0.02);

}  // namespace cyclegan
