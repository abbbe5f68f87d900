// What an ItemId is to the libgimp this file is compiled against: an integer id in GIMP 2.10, a
// GObject found by its id in GIMP 3. Calls that libgimp spells alike in both (gimp_item_is_group,
// gimp_drawable_get_buffer, ...) then take `item_of(id)` and compile for either.
#pragma once

#include <libgimp/gimp.h>

#include "plugin/common/host.h"

namespace cyclegan::plugin {

#if GIMP_MAJOR_VERSION >= 3
inline GimpImage* image_of(ItemId id) { return gimp_image_get_by_id(static_cast<gint32>(id)); }
inline GimpItem* item_of(ItemId id) { return gimp_item_get_by_id(static_cast<gint32>(id)); }
inline GimpDrawable* drawable_of(ItemId id) { return gimp_drawable_get_by_id(static_cast<gint32>(id)); }
#else
inline gint32 image_of(ItemId id) { return static_cast<gint32>(id); }
inline gint32 item_of(ItemId id) { return static_cast<gint32>(id); }
inline gint32 drawable_of(ItemId id) { return static_cast<gint32>(id); }
#endif

// Marks an image the plug-in opened (a sample sheet) so GimpHost::is_plugin_output knows it.
void mark_as_plugin_output(ItemId image);

}  // namespace cyclegan::plugin
