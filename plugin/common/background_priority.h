// Training runs in the plug-in's process, beside GIMP, on the same cores. At a lower scheduling
// priority the kernel serves GIMP's own threads (canvas, menus, GEGL) first whenever they have
// work, and training takes every cycle GIMP leaves idle, so the user can keep working while a
// model trains.
#pragma once

namespace cyclegan::plugin {

// How much nicer than GIMP training runs (the range is 0 to 19).
constexpr int kTrainingNiceness = 10;

// Lowers every thread of this process, and so the threads they start later (OpenMP's pool
// among them), to at least kTrainingNiceness. Returns false where the system refuses.
bool run_below_gimp();

}  // namespace cyclegan::plugin
