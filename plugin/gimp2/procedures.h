// The procedures of the GIMP 2.10 plug-in: each registers itself in query() and runs one call.
#pragma once

#include <libgimp/gimp.h>

namespace cyclegan::plugin::gimp2 {

void register_translate();
void run_translate(gint nparams, const GimpParam* params, gint* nreturn_vals, GimpParam** return_vals);

void register_train();
void run_train(gint nparams, const GimpParam* params, gint* nreturn_vals, GimpParam** return_vals);

}  // namespace cyclegan::plugin::gimp2
