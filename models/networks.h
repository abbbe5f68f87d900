// The official CycleGAN networks (networks.py of junyanz/pytorch-CycleGAN-and-pix2pix), with
// registered submodule names equal to the Python attribute names and nn.Sequential indices, so
// that named_parameters()/named_buffers() keys equal the official state_dict keys.
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
std::shared_ptr<Network> make_network(const NetworkSpec& spec);

// Official init, on an existing network (uses torch's global generator).
void init_weights_normal(torch::nn::Module& net, double gain = 0.02);

}  // namespace cyclegan
