// The data-parallel side of `cyclegan train` (README "Several processes and machines"): which
// rank this process is, from torchrun / Slurm style environment variables, and the launcher
// behind --nproc that starts the local ranks itself.
#pragma once

#include <string>
#include <vector>

#include "core/cyclegan.h"

namespace cyclegan::cli {

// Reads RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT (the names torchrun sets; a Slurm script
// exports them from SLURM_PROCID and SLURM_NTASKS). False when RANK or WORLD_SIZE is unset: this
// process is not one rank of a job. Throws UsageError for values that are not numbers.
bool ranks_from_environment(TrainOptions::Ranks* ranks);

// Threads each local rank gets when --threads is not given: the cores shared out among the
// ranks of this machine (LOCAL_WORLD_SIZE under torchrun), at least one.
int threads_per_local_rank(int local_ranks);

// "node1:29500" -> node1, 29500. Throws UsageError for anything else.
void parse_master(const std::string& text, std::string* addr, int* port);

struct LocalRanks {
  int nproc = 1;                  // ranks started on this machine
  int nnodes = 1;                 // machines in the job
  int node_rank = 0;              // this machine's index: its ranks are node_rank * nproc + i
  std::string master_addr;        // empty: 127.0.0.1 and a free port (one machine only)
  int master_port = 0;
  int threads = 0;                // per rank; 0 = threads_per_local_rank(nproc)
  double timeout_seconds = 60;    // after a rank fails, how long the others get to stop
};

// Starts the ranks as copies of this program (`train_args`: the arguments after "train") with
// RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR and MASTER_PORT set, forwards
// Ctrl-C to them and waits. When one fails, says in one sentence which rank and how, gives the
// others the timeout to stop on their own and then ends them. Returns the exit status for the
// job: 0, 130 when interrupted, otherwise the first failed rank's.
int launch_local_ranks(const LocalRanks& plan, const std::vector<std::string>& train_args);

}  // namespace cyclegan::cli
