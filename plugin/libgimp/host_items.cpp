// The GimpHost members about items and undo that both libgimps spell alike (see gimp_refs.h).
#include "plugin/common/i18n.h"
#include "plugin/libgimp/gimp_refs.h"

namespace cyclegan::plugin {

bool GimpHost::is_group(ItemId item) const { return gimp_item_is_group(item_of(item)); }
bool GimpHost::is_layer(ItemId item) const { return gimp_item_is_layer(item_of(item)); }
std::string GimpHost::image_name(ItemId image) const { return take_text(gimp_image_get_name(image_of(image))); }
std::string GimpHost::item_name(ItemId item) const { return take_text(gimp_item_get_name(item_of(item))); }

namespace {
// Not persistent: a sample sheet saved by the user and opened again is theirs, not ours.
constexpr const char* kOutputParasite = "cyclegan-gimp-output";
}  // namespace

bool GimpHost::is_plugin_output(ItemId image) const {
  GimpParasite* parasite = gimp_image_get_parasite(image_of(image), kOutputParasite);
  if (!parasite) return false;
  gimp_parasite_free(parasite);
  return true;
}

void mark_as_plugin_output(ItemId image) {
  const char mark = 1;
  GimpParasite* parasite = gimp_parasite_new(kOutputParasite, 0, sizeof mark, &mark);
  gimp_image_attach_parasite(image_of(image), parasite);
  gimp_parasite_free(parasite);
}

void GimpHost::begin_undo_group(ItemId image) { gimp_image_undo_group_start(image_of(image)); }
void GimpHost::end_undo_group(ItemId image) { gimp_image_undo_group_end(image_of(image)); }
void GimpHost::convert_to_rgb(ItemId image) { gimp_image_convert_rgb(image_of(image)); }

}  // namespace cyclegan::plugin
