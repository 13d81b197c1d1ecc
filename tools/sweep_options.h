// The options of `dendrite sweep` and the grid they describe.
//
// The grid comes from, in this order, each replacing what the one before says about an option:
// a named grid (--grid paper | reduced), a grid file (--grid-file, see framework/sweep/grid_file.h)
// and the axis options (--models dann-r,vann --dendrites 1,4,16 --seeds 1,2,3 ...; one value is a
// fixed value, several are an axis). Any other train option is set with --set option=v1[,v2...]
// (repeatable); values that themselves hold commas (an mlp's --hidden 256,128) need a grid file.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "framework/sweep/grid.h"
#include "tools/cli_common.h"
#include "tools/data_options.h"

namespace dendrite::tools {

struct SweepOptions {
  std::string store;
  DataOptions data;
  std::string grid, grid_file;
  std::vector<std::pair<std::string, std::string>> axes;  // (train option, comma-separated values), as given
  std::vector<std::string> sets;                          // --set option=values
  int jobs = 0;              // 0: one per core / threads-per-run
  int threads_per_run = 1;
  bool oversubscribe = false;
  bool dry_run = false;
  std::int64_t worker_timeout = 60;  // seconds an MPI rank with a run may stay silent; 0: forever
};

void add_sweep_options(CLI::App& cmd, SweepOptions& o);

// The grid of the options (UsageError naming the option or file field). dataset: the data set's
// label (the named grids' epochs depend on it).
Grid grid_from_options(const SweepOptions& o, const std::string& dataset);

// The number of local workers: --jobs, or one per core / threads-per-run. UsageError when
// jobs x threads-per-run exceeds the cores without --oversubscribe.
int local_jobs(const SweepOptions& o, int cores);

}  // namespace dendrite::tools
