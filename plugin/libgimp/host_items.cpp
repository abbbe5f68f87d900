// The GimpHost members about items and undo that both libgimps spell alike (see gimp_refs.h).
#include "plugin/common/i18n.h"
#include "plugin/libgimp/gimp_refs.h"

namespace cyclegan::plugin {

bool GimpHost::is_group(ItemId item) const { return gimp_item_is_group(item_of(item)); }
bool GimpHost::is_layer(ItemId item) const { return gimp_item_is_layer(item_of(item)); }
std::string GimpHost::image_name(ItemId image) const { return take_text(gimp_image_get_name(image_of(image))); }
std::string GimpHost::item_name(ItemId item) const { return take_text(gimp_item_get_name(item_of(item))); }

void GimpHost::begin_undo_group(ItemId image) { gimp_image_undo_group_start(image_of(image)); }
void GimpHost::end_undo_group(ItemId image) { gimp_image_undo_group_end(image_of(image)); }

}  // namespace cyclegan::plugin
