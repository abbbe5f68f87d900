// Widgets of the Translate dialog that GTK 2 (GIMP 2.10) and GTK 3 (GIMP 3) build alike.
#pragma once

#include <gtk/gtk.h>

#include <string>

namespace cyclegan::plugin {

// A file button for any model file (*.cgan, official *.pth), opening in `folder`.
GtkWidget* model_file_button(const std::string& folder);

}  // namespace cyclegan::plugin
