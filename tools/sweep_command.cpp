// dendrite sweep: train every configuration of a grid and keep each run's results in a SQLite
// store, locally on worker processes or on Open MPI ranks (when started by mpirun). A rerun of the
// same command skips what is done and retries what failed or was interrupted.
#include <atomic>
#include <filesystem>
#include <cstdio>
#include <functional>
#include <memory>

#include "framework/sweep/local_workers.h"
#include "framework/sweep/mpi_transport.h"
#include "framework/sweep/process_info.h"
#include "framework/sweep/store.h"
#include "framework/sweep/sweep_messages.h"
#include "framework/sweep/sweep_run.h"
#include "framework/train/progress.h"
#include "tools/commands.h"
#include "tools/stop_signals.h"
#include "tools/sweep_plan.h"
#include "tools/sweep_worker.h"

namespace dendrite::tools {

namespace {

// Starts `workers` workers once the sweep knows it has work for them.
using StartWorkers = std::function<std::unique_ptr<WorkerPool>(SweepPlan& plan, int workers)>;

struct SweepEnd {
  int exit_code = 0;
  bool interrupted = false;
};

// The sweep on a store, whatever the transport. In this order: the options and configurations
// (exit 2 before anything is read or created), the store (its checks and the lock), the data, the
// runs (framework/sweep/sweep_run.h); this side prints the plan and how it ended.
SweepEnd sweep_and_report(const SweepOptions& o, int workers, bool under_mpirun, const StartWorkers& start_workers,
                          const std::atomic<bool>& stop) {
  const std::string command = command_line();
  SweepPlan plan = check_sweep_plan(o);
  const bool store_exists = std::filesystem::exists(o.store);
  if (o.dry_run) {
    std::map<std::string, std::string> statuses;
    if (store_exists) statuses = Store::open_read_only(o.store).statuses();
    load_sweep_data(o, plan);
    std::printf("%s(dry run: nothing was started%s)\n", plan_text(plan, statuses, o.store, workers, o.threads_per_run).c_str(),
                store_exists ? "" : "; the store does not exist yet");
    return {};
  }
  if (!store_exists) check_output_path("--store", o.store);
  SweepRunOptions options;
  options.store = o.store;
  options.command = command;
  options.host = host_name();
  options.workers = workers;
  options.limit_workers_to_runs = !under_mpirun;
  options.live_progress = stderr_is_terminal();
  options.stop = &stop;
  options.worker_timeout = std::chrono::seconds(o.worker_timeout);
  SweepRunSteps steps;
  steps.plan_runs = [&] {
    load_sweep_data(o, plan);
    return plan.runs;
  };
  steps.announce = [&](const SweepStart& start) {
    if (start.requeued > 0)
      std::printf("%lld runs left running by an earlier sweep that was stopped are pending again\n",
                  static_cast<long long>(start.requeued));
    std::printf("%s", plan_text(plan, start.statuses, o.store, start.workers, o.threads_per_run).c_str());
    std::fflush(stdout);
  };
  steps.start_workers = [&](int n) { return start_workers(plan, n); };
  const SweepRunOutcome r = run_sweep(options, steps);
  if (r.nothing_to_do) {
    std::printf("nothing to run: every configuration is done\n");
    return {};
  }
  if (r.interrupted) {
    std::fprintf(stderr, "interrupted: %lld/%lld runs done, the runs in flight are pending again; continue with the "
                 "same %s:\n  %s%s\n", static_cast<long long>(r.done), static_cast<long long>(r.total),
                 under_mpirun ? "mpirun command" : "command", under_mpirun ? "mpirun ... " : "", command.c_str());
    return {130, true};
  }
  std::printf("sweep finished: %lld runs done, %lld failed in this sweep; the store has %lld/%lld of its "
              "configurations done\n", static_cast<long long>(r.done_here), static_cast<long long>(r.failed_here),
              static_cast<long long>(r.done), static_cast<long long>(r.total));
  if (r.failed > 0) {
    std::printf("%lld runs failed (dendrite runs --store %s shows their errors); rerun the same command to retry them\n",
                static_cast<long long>(r.failed), o.store.c_str());
    return {1, false};
  }
  return {};
}

int run_local(SweepOptions& o) {
  const int jobs = local_jobs(o, usable_cores());
  // Ctrl-C / SIGTERM: the coordinator stops handing out work and puts the runs in flight back.
  const std::atomic<bool>& stop = catch_stop_signals();
  const StartWorkers start = [&o](SweepPlan& p, int workers) {
    const std::string setup = worker_setup(p.dataset, p.dataset_hash, o.threads_per_run, &o.data);
    p.train = Dataset();  // the workers load their own copies; this process only coordinates
    p.test = Dataset();
    return std::make_unique<LocalWorkerPool>(workers, local_worker_command(), setup);
  };
  return sweep_and_report(o, jobs, /*under_mpirun=*/false, start, stop).exit_code;
}

// Rank 0 plans and coordinates; it tells the other ranks whether there is work (the setup, then
// the data) or what to exit with. After the workers have started, an error or an interrupt ends
// the whole job (MPI_Abort) once the store has been updated.
int run_mpi_coordinator(SweepOptions& o, MpiSession& mpi) {
  bool started = false;
  const auto release = [&](int code) {
    if (started) return;
    std::string text = exit_message(code);
    mpi_broadcast_text(text);
  };
  try {
    DENDRITE_USAGE_CHECK(o.jobs == 0, "under mpirun the ranks are the workers; drop --jobs");
    DENDRITE_USAGE_CHECK(mpi.size() >= 2, "mpirun started {} rank; the sweep needs a coordinator and at least one "
                         "worker (mpirun -np 2 or more), or run it without mpirun", mpi.size());
    const std::atomic<bool>& stop = catch_stop_signals();
    const StartWorkers start = [&](SweepPlan& p, int) {
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
      end = sweep_and_report(o, mpi.size() - 1, /*under_mpirun=*/true, start, stop);
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
  return serve_mpi_rank(mpi);
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
