// Import of the official CycleGAN checkpoints (torch.save(net.state_dict()), e.g. the published
// latest_net_G_A.pth / horse2zebra.pth): the architecture is detected from the keys and shapes,
// so the user never has to say "resnet_9blocks, ngf 64".
//
//   auto g = cyclegan::load_official_network("horse2zebra.pth", cyclegan::Expect::Generator);
#pragma once

#include <memory>
#include <string>

#include "models/network_spec.h"
#include "models/networks.h"
#include "models/torch_pickle.h"

namespace cyclegan {

// The official architecture whose state_dict this is (resnet n_blocks/ngf/norm/dropout, unet
// num_downs/ngf/norm, nlayer n_layers/ndf/norm, pixel ndf/norm). A `module.` prefix and stray
// InstanceNorm running statistics are allowed. Throws CheckpointError if it is none of them.
NetworkSpec infer_network_spec(const StateDict& state);

// Copies `state` into `net`, strictly: every parameter and buffer must be present with the same
// shape, nothing else may be (except the `module.` prefix and stray InstanceNorm statistics,
// which are stripped/ignored). Throws CheckpointError listing a few offending keys.
void load_state_dict(Network& net, const StateDict& state);

enum class Expect { Any, Generator, Discriminator };

// read_torch_save + infer_network_spec + make_network + load_state_dict; the network is
// returned in eval mode. Throws CheckpointError naming `path` (also when it holds a
// discriminator where a generator is expected, or the reverse).
std::shared_ptr<Network> load_official_network(const std::string& path, Expect expect = Expect::Any);

}  // namespace cyclegan
