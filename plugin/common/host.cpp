#include "plugin/common/host.h"

#include "plugin/common/i18n.h"

namespace cyclegan::plugin {

void Host::warn(const std::vector<Message>& sentences) { message(translated(sentences)); }

}  // namespace cyclegan::plugin
