// The ranks of a data-parallel training job (README "Several processes and machines"): every
// process trains the same networks on its own images, and the gradients are summed across
// processes before each optimizer step, so all ranks keep identical weights. Built on
// torch.distributed's C++ layer (c10d): a TCPStore on rank 0 for the rendezvous and Gloo for the
// collectives, on CPU. Builds without Gloo compile rank_group_none.cpp: available() is false and
// the constructor throws.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <torch/torch.h>

namespace cyclegan {

struct RankSetup {
  int rank = 0;                           // 0 .. world_size - 1; rank 0 hosts the rendezvous
  int world_size = 1;
  std::string master_addr = "127.0.0.1";  // where rank 0 listens
  int master_port = 29500;                // torchrun's default
  double timeout_seconds = 60;            // longest wait for a peer, at the rendezvous and in each collective
};

class RankGroup {
 public:
  // Whether this build has distributed support (LibTorch's Gloo backend and its headers).
  static bool available();

  // Connects to the other ranks; returns once all world_size ranks are there. Throws Error with
  // a sentence naming this rank, the master address and the cause when that fails in time.
  explicit RankGroup(const RankSetup& setup);
  ~RankGroup();
  RankGroup(const RankGroup&) = delete;
  RankGroup& operator=(const RankGroup&) = delete;

  int rank() const;
  int world_size() const;

  // In place, on every rank: each tensor becomes the element-wise sum (or maximum) over ranks.
  // Dense tensors (other devices go through host copies); all ranks pass the same shapes in the
  // same order. Throws Error when a peer is gone or silent longer than the timeout.
  void sum(std::vector<torch::Tensor>& tensors);
  void max(std::vector<torch::Tensor>& tensors);
  // In place: every rank receives root's values.
  void broadcast(std::vector<torch::Tensor>& tensors, int root = 0);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cyclegan
