// Threads that follow the cores other programs leave free.
//
// OpenMP hands every convolution out in equal shares and waits for the slowest thread. When
// another program keeps one of two cores busy, the thread that shares that core runs in
// time slices of a few milliseconds and every layer waits for it: a training iteration took 4x
// its quiet time, where one thread alone would have taken 1.5x. So, when the thread count is
// left to us (configure_threads(0)), the count is chosen again between units of work (a
// training iteration, a tile) from what the other programs used since the last look.
#pragma once

namespace cyclegan {

// Chooses a thread count for `most` threads at best when `others` cores' worth of work runs
// beside us on `cores` processors: the cores left over, rounded to the nearest, at least one.
int threads_for_free_cores(int most, int cores, double others_busy);

// Turns following on (most = the count to use on a quiet machine) or off (a fixed count was
// asked for, which then stays: same seed + same threads = same model).
void follow_free_cores(bool on, int most);

// Between units of work: at most once a second, measures the last interval and changes
// LibTorch's intra-op threads when the free cores changed. Cheap otherwise; does nothing when
// following is off or /proc/stat cannot be read.
void adapt_threads_to_free_cores();

}  // namespace cyclegan
