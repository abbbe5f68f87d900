// Where and on how many threads LibTorch computes. Debian's LibTorch starts with ONE intra-op
// thread on this kind of machine (shared/NOTES.md), so every entry point calls this first.
#pragma once

#include <string>

#include <torch/torch.h>

namespace cyclegan {

// threads <= 0 means all processors, fewer while other programs keep some busy (free_cores.h);
// a positive count stays fixed. Safe to call more than once.
void configure_threads(int threads);

// "auto" (CUDA when this LibTorch has it and a GPU is present, else CPU), "cpu" or "cuda".
// Throws InputError for an unknown name or for "cuda" without CUDA.
torch::Device choose_device(const std::string& name);

}  // namespace cyclegan
