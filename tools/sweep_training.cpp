#include "tools/sweep_training.h"

#include <chrono>

#include "framework/core/error.h"
#include "framework/train/training_run.h"
#include "tools/sweep_config.h"
#include "tools/train_options.h"

namespace dendrite::tools {

RunSummary train_configuration(const nlohmann::json& config, const std::string& dataset, const Dataset& train,
                              const Dataset& test) {
  const auto start = std::chrono::steady_clock::now();
  SweepConfiguration c = read_configuration(config, dataset);
  TrainOptions& o = c.options;
  o.epochs = resolved_epochs(o, dataset);
  RunOptions run = run_options(o);
  run.dataset = dataset;
  TrainConfig cfg = train_config(o);
  cfg.quiet = true;
  RunOutcome r = run_training(train, test, c.spec, run, cfg);
  DENDRITE_ASSERT(r.completed(), "a sweep run was stopped (workers take no stop flag)");
  r.summary.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return std::move(r.summary);
}

}  // namespace dendrite::tools
