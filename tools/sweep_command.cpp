// dendrite sweep: train every configuration of a grid and keep each run's results in a SQLite
// store, locally on worker processes or on Open MPI ranks (when started by mpirun). A rerun of the
// same command skips what is done and retries what failed or was interrupted.
#include <signal.h>

#include <atomic>
#include <filesystem>
#include <cstdio>
#include <functional>
#include <memory>

#include "framework/sweep/coordinator.h"
#include "framework/sweep/local_workers.h"
#include "framework/sweep/mpi_transport.h"
#include "framework/sweep/process_info.h"
#include "framework/sweep/store.h"
#include "framework/train/progress.h"
#include "tools/commands.h"
#include "tools/sweep_plan.h"
#include "tools/sweep_worker.h"

namespace dendrite::tools {

namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_sweep_signal(int) { g_stop.store(true); }

// SIGINT and SIGTERM stop the sweep cleanly (runs in flight back to pending). SA_RESETHAND: a
// second signal ends it at once; the next run of the sweep then requeues what was running.
void catch_stop_signals() {
  struct sigaction sa {};
  sa.sa_handler = on_sweep_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

// Starts the workers once the sweep knows it has work for them.
using StartWorkers = std::function<std::unique_ptr<WorkerPool>(SweepPlan& plan)>;

struct SweepEnd {
  int exit_code = 0;
  bool interrupted = false;
};

// The sweep on a store, whatever the transport: the plan, the store's state, the coordinator.
SweepEnd run_sweep(const SweepOptions& o, SweepPlan& plan, int workers, bool under_mpirun,
                   const StartWorkers& start_workers) {
  const std::string command = command_line();
  if (o.dry_run) {
    std::map<std::string, std::string> statuses;
    if (std::filesystem::exists(o.store)) statuses = Store::open_read_only(o.store).statuses();
    std::printf("%s(dry run: nothing was started%s)\n", plan_text(plan, statuses, o.store, workers, o.threads_per_run).c_str(),
                std::filesystem::exists(o.store) ? "" : "; the store does not exist yet");
    return {};
  }
  Store store = Store::open_for_sweep(o.store);
  if (const std::int64_t requeued = store.requeue_running(); requeued > 0)
    std::printf("%lld runs left running by an earlier sweep that was stopped are pending again\n",
                static_cast<long long>(requeued));
  const std::map<std::string, std::string> statuses = store.statuses();  // before this sweep's new runs
  std::printf("%s", plan_text(plan, statuses, o.store, workers, o.threads_per_run).c_str());
  store.insert_pending(plan.runs);
  std::vector<RunRecord> to_do;
  std::int64_t done_before = 0;
  for (RunRecord& r : plan.runs) {
    const auto it = statuses.find(r.key);
    if (it != statuses.end() && it->second == "done") done_before += 1;
    else to_do.push_back(r);
  }
  const std::int64_t sweep_id = store.begin_sweep(command, host_name(), workers);
  if (to_do.empty()) {
    store.finish_sweep(sweep_id, "finished");
    std::printf("nothing to run: every configuration is done\n");
    return {};
  }
  std::fflush(stdout);
  double cost = 0;
  for (const RunRecord& r : to_do) cost += r.cost;
  const auto total = static_cast<std::int64_t>(plan.runs.size());
  CoordinatorOutcome outcome;
  try {
    std::unique_ptr<WorkerPool> pool = start_workers(plan);
    SweepProgress progress(total, done_before, cost, workers, stderr_is_terminal());
    Coordinator coordinator(store, *pool, std::move(to_do), progress, {&g_stop});
    outcome = coordinator.run();
  } catch (...) {
    try {
      store.finish_sweep(sweep_id, "failed");
    } catch (const Error&) {  // the first error is the one to report
    }
    throw;
  }
  store.finish_sweep(sweep_id, outcome.interrupted ? "interrupted" : "finished");
  std::int64_t done = 0, failed = 0;
  const std::map<std::string, std::string> now = store.statuses();
  for (const RunRecord& r : plan.runs) {
    done += now.at(r.key) == "done" ? 1 : 0;
    failed += now.at(r.key) == "failed" ? 1 : 0;
  }
  if (outcome.interrupted) {
    std::fprintf(stderr, "interrupted: %lld/%lld runs done, the runs in flight are pending again; continue with the "
                 "same %s:\n  %s%s\n", static_cast<long long>(done), static_cast<long long>(total),
                 under_mpirun ? "mpirun command" : "command", under_mpirun ? "mpirun ... " : "", command.c_str());
    return {130, true};
  }
  std::printf("sweep finished: %lld runs done, %lld failed in this sweep; the store has %lld/%lld of its "
              "configurations done\n", static_cast<long long>(outcome.done), static_cast<long long>(outcome.failed),
              static_cast<long long>(done), static_cast<long long>(total));
  if (failed > 0) {
    std::printf("%lld runs failed (dendrite runs --store %s shows their errors); rerun the same command to retry them\n",
                static_cast<long long>(failed), o.store.c_str());
    return {1, false};
  }
  return {};
}

int run_local(SweepOptions& o) {
  const int jobs = local_jobs(o, usable_cores());
  SweepPlan plan = make_sweep_plan(o);
  catch_stop_signals();
  const StartWorkers start = [&o, jobs](SweepPlan& p) {
    const std::string setup = worker_setup(p.dataset, p.dataset_hash, o.threads_per_run, &o.data);
    p.train = Dataset();  // the workers load their own copies; this process only coordinates
    p.test = Dataset();
    return std::make_unique<LocalWorkerPool>(jobs, local_worker_command(), setup);
  };
  return run_sweep(o, plan, jobs, /*under_mpirun=*/false, start).exit_code;
}

// Rank 0 plans and coordinates; it tells the other ranks whether there is work (the setup, then
// the data) or what to exit with. After the workers have started, an error or an interrupt ends
// the whole job (MPI_Abort) once the store has been updated.
int run_mpi_coordinator(SweepOptions& o, MpiSession& mpi) {
  bool started = false;
  const auto release = [&](int code) {
    if (started) return;
    std::string text = worker_exit_message(code);
    mpi_broadcast_text(text);
  };
  try {
    DENDRITE_USAGE_CHECK(o.jobs == 0, "under mpirun the ranks are the workers; drop --jobs");
    DENDRITE_USAGE_CHECK(mpi.size() >= 2, "mpirun started {} rank; the sweep needs a coordinator and at least one "
                         "worker (mpirun -np 2 or more), or run it without mpirun", mpi.size());
    SweepPlan plan = make_sweep_plan(o);
    catch_stop_signals();
    const StartWorkers start = [&](SweepPlan& p) {
      std::string setup = worker_setup(p.dataset, p.dataset_hash, o.threads_per_run, nullptr);
      mpi_broadcast_text(setup);
      started = true;
      mpi_broadcast_dataset(p.train);
      mpi_broadcast_dataset(p.test);
      p.train = Dataset();  // the ranks have it now; rank 0 only coordinates
      p.test = Dataset();
      return std::make_unique<MpiWorkerPool>(mpi);
    };
    SweepEnd end;
    try {
      end = run_sweep(o, plan, mpi.size() - 1, /*under_mpirun=*/true, start);
    } catch (const std::exception& e) {
      if (!started) throw;
      std::fprintf(stderr, "dendrite sweep: error: %s\n", e.what());
      mpi.abort(1);
    }
    if (end.interrupted) mpi.abort(end.exit_code);
    release(0);
    return end.exit_code;
  } catch (const UsageError&) {
    release(2);
    throw;
  } catch (...) {
    release(1);
    throw;
  }
}

int run(SweepOptions& o) {
  if (!started_by_mpirun()) return run_local(o);
  MpiSession mpi(nullptr, nullptr);
  if (mpi.rank() == 0) return run_mpi_coordinator(o, mpi);
  return serve_mpi_rank();
}

}  // namespace

Command make_sweep_command() {
  auto o = std::make_shared<SweepOptions>();
  Command c;
  c.name = "sweep";
  c.description = "train every configuration of a grid into a SQLite result store (local workers, or MPI under mpirun)";
  c.add_options = [o](CLI::App& cmd) { add_sweep_options(cmd, *o); };
  c.run = [o](CLI::App&) { return run(*o); };
  return c;
}

}  // namespace dendrite::tools
