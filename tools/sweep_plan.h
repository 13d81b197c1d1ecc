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
#include "tools/sweep_config.h"
#include "tools/sweep_options.h"

namespace dendrite::tools {

// The largest grid a sweep plans. Checking and planning a configuration costs about 0.2-0.3 ms
// and 4-5 KB until its store record is made (measured on 27,000 configurations: 5-7 s and
// 113 MB), so 10^5 plan in well under 30 s and 1 GB; a larger grid is refused at once, naming its
// size, before any configuration is expanded.
inline constexpr std::int64_t kMaxGridConfigurations = 100000;

struct SweepPlan {
  Grid grid;
  std::string dataset;        // label: mnist, fashion-mnist, idx, ...
  std::string dataset_hash;
  Dataset train, test;        // as loaded (train before the validation split)
  std::vector<SweepConfiguration> configurations;  // distinct, in grid order; emptied by load_sweep_data
  std::vector<RunRecord> runs;  // one per configuration, once the data is loaded
  std::int64_t duplicates = 0;  // configurations of the grid that are the same run as another
};

// Checks the options and every configuration (UsageError naming the option and configuration)
// without reading anything; a grid above kMaxGridConfigurations is a UsageError naming its size.
SweepPlan check_sweep_plan(const SweepOptions& o);
// Then loads the data, hashes it, and makes the records (UsageError for a configuration whose
// model does not fit the data).
void load_sweep_data(const SweepOptions& o, SweepPlan& plan);

// Before the sweep starts: the grid, the data, what the store holds of it and the expected cost.
// statuses: run key -> status in the store (empty for a store that does not exist yet).
std::string plan_text(const SweepPlan& plan, const std::map<std::string, std::string>& statuses,
                      const std::string& store, int workers, int threads_per_run);

}  // namespace dendrite::tools
