#include "plugin/gimp2/pdb_status.h"

namespace cyclegan::plugin::gimp2 {

void set_return(GimpPDBStatusType status, const std::string& message, gint* nreturn_vals,
                GimpParam** return_vals) {
  static GimpParam values[2];
  static std::string stored_message;
  stored_message = message;
  values[0].type = GIMP_PDB_STATUS;
  values[0].data.d_status = status;
  *nreturn_vals = 1;
  if (!stored_message.empty()) {
    values[1].type = GIMP_PDB_STRING;
    values[1].data.d_string = const_cast<gchar*>(stored_message.c_str());
    *nreturn_vals = 2;
  }
  *return_vals = values;
}

}  // namespace cyclegan::plugin::gimp2
