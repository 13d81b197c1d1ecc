#include "framework/sweep/sweep_run.h"

#include <algorithm>

#include "framework/core/error.h"
#include "framework/sweep/coordinator.h"
#include "framework/sweep/store.h"
#include "framework/sweep/sweep_progress.h"

namespace dendrite {

namespace {

// Starts the workers and coordinates the runs; the invocation is marked failed when that throws.
CoordinatorOutcome coordinate(Store& store, std::int64_t sweep_id, const SweepRunOptions& o,
                              const SweepRunSteps& steps, std::vector<RunRecord> to_do, std::int64_t total,
                              std::int64_t done_before, int workers) {
  double cost = 0;
  for (const RunRecord& r : to_do) cost += r.cost;
  try {
    std::unique_ptr<WorkerPool> pool = steps.start_workers(workers);
    SweepProgress progress(total, done_before, cost, workers, o.live_progress, o.progress_out);
    Coordinator coordinator(store, *pool, std::move(to_do), progress, {o.stop, o.worker_timeout});
    return coordinator.run();
  } catch (...) {
    try {
      store.finish_sweep(sweep_id, "failed");
    } catch (const Error&) {  // the first error is the one to report
    }
    throw;
  }
}

}  // namespace

SweepRunOutcome run_sweep(const SweepRunOptions& o, const SweepRunSteps& steps) {
  DENDRITE_ASSERT(steps.plan_runs && steps.announce && steps.start_workers, "run_sweep: a step is missing");
  Store store = Store::open_for_sweep(o.store);
  const std::vector<RunRecord> runs = steps.plan_runs();
  SweepStart start;
  start.requeued = store.requeue_running();
  start.statuses = store.statuses();  // before this sweep's new runs
  store.insert_pending(runs);
  std::vector<RunRecord> to_do;
  std::int64_t done_before = 0;
  for (const RunRecord& r : runs) {
    const auto it = start.statuses.find(r.key);
    if (it != start.statuses.end() && it->second == "done") done_before += 1;
    else to_do.push_back(r);
  }
  start.to_do = static_cast<std::int64_t>(to_do.size());
  start.workers = o.limit_workers_to_runs
                      ? static_cast<int>(std::min<std::size_t>(o.workers, std::max<std::size_t>(to_do.size(), 1)))
                      : o.workers;
  steps.announce(start);
  const std::int64_t sweep_id = store.begin_sweep(o.command, o.host, start.workers);
  SweepRunOutcome outcome;
  outcome.total = static_cast<std::int64_t>(runs.size());
  if (to_do.empty()) {
    store.finish_sweep(sweep_id, "finished");
    outcome.nothing_to_do = true;
    outcome.done = done_before;
    return outcome;
  }
  const CoordinatorOutcome ran =
      coordinate(store, sweep_id, o, steps, std::move(to_do), outcome.total, done_before, start.workers);
  store.finish_sweep(sweep_id, ran.interrupted ? "interrupted" : "finished");
  outcome.interrupted = ran.interrupted;
  outcome.done_here = ran.done;
  outcome.failed_here = ran.failed;
  const std::map<std::string, std::string> now = store.statuses();
  for (const RunRecord& r : runs) {
    const std::string& status = now.at(r.key);
    outcome.done += status == "done" ? 1 : 0;
    outcome.failed += status == "failed" ? 1 : 0;
  }
  return outcome;
}

}  // namespace dendrite
