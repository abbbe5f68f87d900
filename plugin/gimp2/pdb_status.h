// Return values of a GIMP 2.10 procedure: a status, plus on failure the message as a second
// GIMP_PDB_STRING value, which GIMP shows to the user ("... failed: <message>") and Script-Fu
// puts in its error.
#pragma once

#include <libgimp/gimp.h>

#include <string>

namespace cyclegan::plugin::gimp2 {

// Fills *return_vals with `status` (and `message` when not empty). The storage is static: GIMP
// reads it after run() returns, and a plug-in process runs one call.
void set_return(GimpPDBStatusType status, const std::string& message, gint* nreturn_vals,
                GimpParam** return_vals);

}  // namespace cyclegan::plugin::gimp2
