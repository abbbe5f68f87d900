// Precompiled header for every target that uses LibTorch: parsing <torch/torch.h> costs ~15 s
// per translation unit, the PCH brings that down to a few seconds (shared/NOTES.md).
// No include guard / #pragma once: meson compiles this file on its own.
#include <torch/torch.h>
