// The pretrained feature network built into the program (models/weights/): what the
// discriminators on pretrained features judge through.
#pragma once

#include <memory>

#include "models/pretrained_features.h"

namespace cyclegan {

// Read once per call from the program's own data; never fails unless the program is damaged.
std::shared_ptr<EarlyMobileNetV2> builtin_feature_network();

}  // namespace cyclegan
