// One invocation of a sweep on its result store, whatever the transport: open the store (its
// checks and the coordinator lock), then the data (through the caller), requeue what a stopped
// sweep left running, insert the new runs as pending, record the invocation, start the workers
// when there is work, coordinate, record how it ended, and count what the store now holds.
//
//   SweepRunSteps steps;
//   steps.plan_runs = [&] { load_data(plan); return plan.runs; };            // after the lock
//   steps.announce = [&](const SweepStart& s) { print_plan(plan, s); };      // before any run
//   steps.start_workers = [&](int n) { return std::make_unique<LocalWorkerPool>(n, command, setup); };
//   SweepRunOutcome r = run_sweep({store, command, host, jobs, true, live, &stop}, steps);
//
// The caller parses the options and prints; this file decides what happens to the store. A
// failure after the invocation is recorded marks it 'failed' in `sweeps` and is rethrown.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "framework/sweep/channel.h"
#include "framework/sweep/run_record.h"

namespace dendrite {

struct SweepRunOptions {
  std::string store;    // the store's path (created when missing; its folder must exist)
  std::string command;  // the invocation, recorded in the store's `sweeps` table
  std::string host;     // the coordinator's host, recorded with it
  int workers = 1;      // workers to start when there is work
  // Local workers: no more than the runs to do (the extra ones would only load the data).
  // MPI ranks are there anyway.
  bool limit_workers_to_runs = true;
  bool live_progress = false;            // the live progress line (a terminal) or a line per run
  std::FILE* progress_out = stderr;
  const std::atomic<bool>* stop = nullptr;  // becomes true on SIGINT/SIGTERM
  // A worker sending heartbeats (an MPI rank) that stays silent this long while it has a run is
  // lost (CoordinatorOptions::worker_timeout); zero: never.
  std::chrono::milliseconds worker_timeout{0};
};

// What the sweep knows before its first run, for the caller to show.
struct SweepStart {
  std::int64_t requeued = 0;                    // runs a stopped sweep left running, pending again
  std::map<std::string, std::string> statuses;  // run key -> status in the store before this sweep's new runs
  int workers = 0;                              // the workers that will be started
  std::int64_t to_do = 0;                       // the sweep's runs not done yet
};

struct SweepRunSteps {
  // Called once the store is open and locked: the sweep's runs (the caller loads the data here).
  std::function<std::vector<RunRecord>()> plan_runs;
  // Called before the invocation is recorded and any worker starts.
  std::function<void(const SweepStart&)> announce;
  // Starts the workers; called only when there is work.
  std::function<std::unique_ptr<WorkerPool>(int workers)> start_workers;
};

struct SweepRunOutcome {
  bool nothing_to_do = false;  // every run was done before: no worker started
  bool interrupted = false;    // stopped by *stop: the runs in flight are pending again
  std::int64_t done_here = 0, failed_here = 0;  // finished in this invocation
  std::int64_t total = 0;                       // the sweep's runs
  std::int64_t done = 0, failed = 0;            // of them, as the store holds them now
};

SweepRunOutcome run_sweep(const SweepRunOptions& options, const SweepRunSteps& steps);

}  // namespace dendrite
