// Internal: one factory per official architecture (make_network dispatches to them).
#pragma once

#include <memory>

#include "models/networks.h"

namespace cyclegan {

std::shared_ptr<Network> make_resnet_generator(const NetworkSpec& spec);
std::shared_ptr<Network> make_unet_generator(const NetworkSpec& spec);
std::shared_ptr<Network> make_nlayer_discriminator(const NetworkSpec& spec);
std::shared_ptr<Network> make_pixel_discriminator(const NetworkSpec& spec);

}  // namespace cyclegan
