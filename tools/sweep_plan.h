// The plan of a sweep: its configurations checked and in canonical form, the data loaded and
// hashed, one store record per distinct configuration with its estimated cost.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "framework/data/dataset.h"
#include "framework/sweep/grid.h"
#include "framework/sweep/run_record.h"
#include "tools/sweep_options.h"

namespace dendrite::tools {

struct SweepPlan {
  Grid grid;
  std::string dataset;        // label: mnist, fashion-mnist, idx, ...
  std::string dataset_hash;
  Dataset train, test;        // as loaded (train before the validation split)
  std::vector<RunRecord> runs;  // distinct configurations, in grid order
  std::int64_t duplicates = 0;  // configurations of the grid that are the same run as another
};

// Checks the options and every configuration (UsageError naming the option and configuration)
// before reading data, then loads the data and makes the records.
SweepPlan make_sweep_plan(const SweepOptions& o);

// Before the sweep starts: the grid, the data, what the store holds of it and the expected cost.
// statuses: run key -> status in the store (empty for a store that does not exist yet).
std::string plan_text(const SweepPlan& plan, const std::map<std::string, std::string>& statuses,
                      const std::string& store, int workers, int threads_per_run);

}  // namespace dendrite::tools
