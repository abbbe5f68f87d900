// Whether this LibTorch can compute on a graphics card here (what --device auto picks): front
// ends say so before a preset made for a GPU would run on the CPU. No LibTorch types.
#pragma once

namespace cyclegan {

bool gpu_available();

}  // namespace cyclegan
