// Widgets of the Translate dialog that GTK 2 (GIMP 2.10) and GTK 3 (GIMP 3) build alike.
#pragma once

#include <gtk/gtk.h>

#include <string>

namespace cyclegan::plugin {

// A file button for any model file (*.cgan, official *.pth), opening in `folder`.
GtkWidget* model_file_button(const std::string& folder);

// "Models folder: PATH" and a button that opens it in the file manager, where models are
// renamed, copied or deleted as the files they are.
GtkWidget* models_folder_row(const std::string& folder);

}  // namespace cyclegan::plugin
