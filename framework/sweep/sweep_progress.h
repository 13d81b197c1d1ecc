// SweepProgress: what a sweep has done so far. On a terminal, one live line redrawn at most once
// a second ("sweep 41/180 done, 2 running, 1 failed, 136 pending | 96 runs/h | ETA 1:25:10");
// elsewhere (a log file, a Slurm job), one plain line per finished run with the same counts. A
// worker that dies gets a line of its own in both (who, why, what became of its run) and the
// count of lost workers joins the counts.
//
// The ETA divides the estimated cost of what is left (pending and running runs, cost.h) by the
// rate at which this sweep has finished cost so far; before the first run ends it assumes one
// estimated core-second per second per worker.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

#include "framework/sweep/run_record.h"

namespace dendrite {

class SweepProgress {
 public:
  // total: configurations of the sweep; done_before: of them, already done in the store;
  // pending_cost: estimated cost of the others.
  SweepProgress(std::int64_t total, std::int64_t done_before, double pending_cost, int workers, bool live,
                std::FILE* out = stderr);

  void started(const RunRecord& run);
  void requeued(const RunRecord& run);  // back to pending (its worker was lost)
  // A worker died: `who` ("worker 2 (pid 812) on node3"), `why` ("killed by signal 9 (Killed)"),
  // `what` became of its run ("its run ... goes back to the queue"; empty when it had none).
  void worker_lost(const std::string& who, const std::string& why, const std::string& what);
  void finished(const RunRecord& run, const RunSummary* result, const std::string& error, double seconds);
  void tick();    // redraws the live line (throttled)
  void finish();  // clears the live line

  std::int64_t done() const { return done_; }
  std::int64_t failed() const { return failed_; }
  std::int64_t running() const { return running_; }
  std::int64_t workers_lost() const { return workers_lost_; }
  // "41/180 done, 2 running, 1 failed, 136 pending | 96 runs/h | ETA 1:25:10", with
  // ", 1 worker lost" after the pending count once a worker has died.
  std::string counts() const;

 private:
  void draw();
  void print_line(const std::string& what);  // above the live line, or a plain line with the counts
  using Clock = std::chrono::steady_clock;
  std::int64_t total_, done_, failed_ = 0, running_ = 0, finished_here_ = 0, workers_lost_ = 0;
  double remaining_cost_, finished_cost_ = 0;
  int workers_;
  bool live_;
  std::FILE* out_;
  Clock::time_point start_, last_draw_;
  bool drawn_ = false;
};

// "dann-r D16 S64 k16 L1 seed 1" (plus noise and the sequential task when set): a run, briefly.
std::string describe_run(const RunRecord& run);
// "1:05:03" (or "--" for a negative or non-finite time).
std::string clock_text(double seconds);

}  // namespace dendrite
