// The sweep's coordinator: hands out the runs, largest estimated cost first, to whichever worker
// is ready, and records each result in the store as it arrives (one transaction per run). It is
// the only writer of the store.
//
//   Coordinator c(store, pool, runs_to_do, progress, {&stop_flag});
//   CoordinatorOutcome o = c.run();
//
// What can go wrong while it runs:
//   - a run fails (the worker reports an error): recorded as failed with its message; the sweep
//     goes on;
//   - a worker is lost (its process died): its run goes back to the front of the queue and the
//     worker is replaced; a "LOST" line on the progress output says who, why and what became of
//     the run; a run whose workers died kMaxWorkerLosses times is recorded failed;
//     workers that die before they ever get ready end the sweep (Error), as does a lost MPI rank;
//   - a worker that sends heartbeats (MPI ranks) falls silent for options.worker_timeout while it
//     has a run (its host crashed or its network is gone, which MPI alone may never report): it
//     is treated as lost;
//   - *stop becomes true (SIGINT, SIGTERM, SIGHUP): nothing more is handed out, the runs in flight go back to
//     pending and the workers are ended at once; outcome.interrupted is set.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "framework/sweep/channel.h"
#include "framework/sweep/run_record.h"
#include "framework/sweep/store.h"
#include "framework/sweep/sweep_progress.h"

namespace dendrite {

inline constexpr int kMaxWorkerLosses = 3;

struct CoordinatorOptions {
  const std::atomic<bool>* stop = nullptr;
  // How long a worker that has sent heartbeats may stay silent; zero: forever.
  std::chrono::milliseconds worker_timeout{0};
};

struct CoordinatorOutcome {
  std::int64_t done = 0, failed = 0, requeued = 0;  // in this invocation
  bool interrupted = false;
};

class Coordinator {
 public:
  Coordinator(Store& store, WorkerPool& pool, std::vector<RunRecord> runs, SweepProgress& progress,
              CoordinatorOptions options);
  ~Coordinator();
  CoordinatorOutcome run();

 private:
  struct Slot;
  void handle_message(int worker, const std::string& text);
  void handle_lost(int worker, const std::string& why);
  void assign_ready_workers();
  void check_silent_workers();
  void requeue_in_flight();

  Store& store_;
  WorkerPool& pool_;
  std::vector<RunRecord> runs_;
  SweepProgress& progress_;
  CoordinatorOptions options_;
  std::vector<std::size_t> queue_;  // indices into runs_, the next run last
  std::vector<Slot> slots_;
  std::vector<int> losses_;         // per run
  CoordinatorOutcome outcome_;
};

}  // namespace dendrite
