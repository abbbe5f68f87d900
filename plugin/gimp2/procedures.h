// The procedures of the GIMP 2.10 plug-in; main.cpp registers them from plugin/common's
// tables and hands each call to its run function.
#pragma once

#include <libgimp/gimp.h>

namespace cyclegan::plugin::gimp2 {

void run_translate(gint nparams, const GimpParam* params, gint* nreturn_vals, GimpParam** return_vals);
void run_train(gint nparams, const GimpParam* params, gint* nreturn_vals, GimpParam** return_vals);

}  // namespace cyclegan::plugin::gimp2
