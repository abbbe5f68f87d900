// Reads files written by Python's torch.save(obj) where obj is a dict or OrderedDict of str ->
// Tensor (a state_dict, or our test fixtures' {"input": x, "output": y}), in both containers:
// the zip archive of PyTorch >= 1.6 and the legacy stream of older versions (the published
// CycleGAN models). A strict reader of just the pickle subset torch.save emits: any other
// global (arbitrary code in a real unpickler) or anything malformed is refused.
#pragma once

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace cyclegan {

using StateDict = std::vector<std::pair<std::string, torch::Tensor>>;

// Entries in file order; tensors are contiguous CPU tensors that own their memory.
// Throws CheckpointError ("… is not a PyTorch checkpoint", "… is truncated", "… contains
// unsupported object X") naming `path`.
StateDict read_torch_save(const std::string& path);

// The same for a file's bytes already in memory (data built into the program), in the legacy
// container only (torch.save(..., _use_new_zipfile_serialization=False)); `name` names it in
// errors.
StateDict read_torch_save_bytes(const std::string& data, const std::string& name);

}  // namespace cyclegan
