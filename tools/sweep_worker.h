// The worker side of `dendrite sweep`: a local worker process (the hidden subcommand
// `dendrite _sweep-worker --fd 3 --parent PID`, started by the coordinator) or an MPI rank other
// than 0. Both get a setup message first, load (local) or receive (MPI) the data once, then train
// one configuration after another (tools/sweep_training.h) until told to stop.
#pragma once

#include <string>
#include <vector>

#include "framework/sweep/mpi_transport.h"
#include "tools/commands.h"
#include "tools/data_options.h"

namespace dendrite::tools {

// The setup message a worker gets first (sweep_messages.h): the data set's label and content hash,
// the threads of each run, and (local workers) the data options to load it with; MPI ranks get the
// data by broadcast.
std::string worker_setup(const std::string& dataset, const std::string& dataset_hash, int threads,
                         const DataOptions* data);

// The command line of a local worker process of this coordinator.
std::vector<std::string> local_worker_command();

// An MPI rank > 0: receives the setup and the data from rank 0, then serves runs.
int serve_mpi_rank(const MpiSession& mpi);

Command make_sweep_worker_command();

}  // namespace dendrite::tools
