#include "core/feature_network.h"

#include <gio/gio.h>

#include <string>

#include "base/errors.h"

// glib-compile-resources writes a C header without C linkage of its own.
extern "C" {
#include "core/feature_weights_resource.h"
}

namespace cyclegan {

std::shared_ptr<EarlyMobileNetV2> builtin_feature_network() {
  constexpr const char* kPath = "/org/cyclegan-gimp/mobilenet_v2_early.pth";
  GBytes* bytes = g_resource_lookup_data(cyclegan_feature_weights_get_resource(), kPath,
                                         G_RESOURCE_LOOKUP_FLAGS_NONE, nullptr);
  if (!bytes) throw CheckpointError(std::string("The program's built-in ") + kPath + " is missing.");
  gsize size = 0;
  const auto* data = static_cast<const char*>(g_bytes_get_data(bytes, &size));
  const std::string copy(data, size);
  g_bytes_unref(bytes);
  return EarlyMobileNetV2::from_state(read_torch_save_bytes(copy, kPath), kPath);
}

}  // namespace cyclegan
