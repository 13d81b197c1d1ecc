// One sweep invocation on its store (framework/sweep/sweep_run.h) with fake workers: the data is
// asked for only under the lock, runs a stopped sweep left running are requeued, what is done is
// skipped, local workers are capped at the runs to do, the invocation is recorded with how it
// ended, and the tallies are the store's.
#include "framework/sweep/sweep_run.h"

#include <gtest/gtest.h>

#include "framework/core/error.h"
#include "framework/sweep/store.h"
#include "tests/common/expect_error.h"
#include "tests/common/temp_dir.h"
#include "tests/sweep/fake_pool.h"
#include "tests/sweep/store_test_util.h"

namespace dendrite {
namespace {

using test::done;
using test::FakePool;
using test::Reply;

class SweepRunTest : public ::testing::Test {
 protected:
  // Runs a, b, c with costs 1, 3, 2.
  std::vector<RunRecord> runs() const { return {test::record("a", 1), test::record("b", 3), test::record("c", 2)}; }

  SweepRunOptions options(int workers) {
    SweepRunOptions o;
    o.store = store_;
    o.command = "dendrite sweep --store " + store_;
    o.host = "here";
    o.workers = workers;
    o.progress_out = progress_;
    o.stop = &stop_;
    return o;
  }
  // Steps whose workers answer as `behaviour`; what they saw is kept in the members below (the
  // pool itself ends with the sweep).
  SweepRunSteps steps(test::Behaviour behaviour) {
    SweepRunSteps s;
    s.plan_runs = [this] {
      planned_under_lock_ = !test::expect_error([&] { Store::open_for_sweep(store_); }, {"is in use"}).empty();
      return runs();
    };
    s.announce = [this](const SweepStart& start) { start_ = start; };
    s.start_workers = [this, behaviour](int n) -> std::unique_ptr<WorkerPool> {
      started_workers_ = n;
      return std::make_unique<FakePool>(n, [this, behaviour](const std::string& key, int worker) {
        order_.push_back(key);
        return behaviour(key, worker);
      });
    };
    return s;
  }
  std::string sweeps_column(const std::string& column) {
    return Store::open_read_only(store_).db().query_text("SELECT group_concat(" + column + ", ',') FROM sweeps").value_or("");
  }

  test::TempDir tmp_;
  const std::string store_ = tmp_.file("s.db");
  std::FILE* progress_ = std::tmpfile();
  std::atomic<bool> stop_{false};
  bool planned_under_lock_ = false;
  SweepStart start_;
  int started_workers_ = 0;
  std::vector<std::string> order_;  // the runs handed out, in order
};

TEST_F(SweepRunTest, RunsEverythingAndRecordsTheInvocation) {
  const SweepRunOutcome r = run_sweep(options(8), steps([](const std::string& key, int) { return done(key); }));
  EXPECT_TRUE(planned_under_lock_);
  EXPECT_EQ(start_.to_do, 3);
  EXPECT_EQ(start_.requeued, 0);
  EXPECT_TRUE(start_.statuses.empty());  // a new store
  EXPECT_EQ(start_.workers, 3);          // local workers: no more than the runs to do
  EXPECT_EQ(started_workers_, 3);
  EXPECT_EQ(order_, (std::vector<std::string>{"b", "c", "a"}));
  EXPECT_FALSE(r.nothing_to_do);
  EXPECT_FALSE(r.interrupted);
  EXPECT_EQ(r.done_here, 3);
  EXPECT_EQ(r.failed_here, 0);
  EXPECT_EQ(r.total, 3);
  EXPECT_EQ(r.done, 3);
  EXPECT_EQ(sweeps_column("status"), "finished");
  EXPECT_EQ(sweeps_column("workers"), "3");
  EXPECT_EQ(sweeps_column("host"), "here");
  EXPECT_EQ(sweeps_column("command"), "dendrite sweep --store " + store_);
}

TEST_F(SweepRunTest, ARerunSkipsWhatIsDoneAndRetriesWhatFailed) {
  run_sweep(options(1), steps([](const std::string& key, int) {
              return key == "b" ? Reply{failed_message(key, "the loss became nan"), false} : done(key);
            }));
  order_.clear();
  const SweepRunOutcome r = run_sweep(options(4), steps([](const std::string& key, int) { return done(key); }));
  EXPECT_EQ(start_.to_do, 1);
  EXPECT_EQ(start_.statuses, (std::map<std::string, std::string>{{"a", "done"}, {"b", "failed"}, {"c", "done"}}));
  EXPECT_EQ(started_workers_, 1);
  EXPECT_EQ(order_, (std::vector<std::string>{"b"}));
  EXPECT_EQ(r.done_here, 1);
  EXPECT_EQ(r.done, 3);
  EXPECT_EQ(r.failed, 0);
  EXPECT_EQ(sweeps_column("status"), "finished,finished");
}

TEST_F(SweepRunTest, NothingToDoStartsNoWorker) {
  run_sweep(options(2), steps([](const std::string& key, int) { return done(key); }));
  started_workers_ = 0;
  const SweepRunOutcome r = run_sweep(options(2), steps([](const std::string& key, int) { return done(key); }));
  EXPECT_TRUE(r.nothing_to_do);
  EXPECT_EQ(started_workers_, 0);
  EXPECT_EQ(start_.to_do, 0);
  EXPECT_EQ(start_.workers, 1);
  EXPECT_EQ(r.done, 3);
  EXPECT_EQ(sweeps_column("status"), "finished,finished");
}

TEST_F(SweepRunTest, RunsAStoppedSweepLeftRunningArePendingAgain) {
  {
    Store s = Store::open_for_sweep(store_);
    s.insert_pending(runs());
    s.begin_sweep("killed", "there", 2);
    s.mark_running("a", "there", 0);
    s.mark_running("b", "there", 1);
  }
  const SweepRunOutcome r = run_sweep(options(2), steps([](const std::string& key, int) { return done(key); }));
  EXPECT_EQ(start_.requeued, 2);
  EXPECT_EQ(start_.statuses.at("a"), "pending");
  EXPECT_EQ(r.done, 3);
  EXPECT_EQ(sweeps_column("status"), "interrupted,finished");
}

TEST_F(SweepRunTest, MpiRanksAreNotCappedAtTheRunsToDo) {
  SweepRunOptions o = options(6);
  o.limit_workers_to_runs = false;
  run_sweep(o, steps([](const std::string& key, int) { return done(key); }));
  EXPECT_EQ(start_.workers, 6);
  EXPECT_EQ(started_workers_, 6);
}

TEST_F(SweepRunTest, AnInterruptedSweepSaysSoAndItsRunsInFlightArePending) {
  int started = 0;
  const SweepRunOutcome r = run_sweep(options(1), steps([&](const std::string& key, int) {
                                        if (++started == 1) return done(key);
                                        stop_.store(true);  // Ctrl-C while the second run is in flight
                                        return Reply{};
                                      }));
  EXPECT_TRUE(r.interrupted);
  EXPECT_EQ(r.done_here, 1);
  EXPECT_EQ(r.done, 1);
  EXPECT_EQ(r.total, 3);
  EXPECT_EQ(sweeps_column("status"), "interrupted");
  EXPECT_EQ(Store::open_read_only(store_).db().query_text("SELECT count(*) FROM runs WHERE status = 'pending'"), "2");
}

TEST_F(SweepRunTest, WorkersThatCannotStartMarkTheInvocationFailed) {
  SweepRunSteps s = steps([](const std::string& key, int) { return done(key); });
  s.start_workers = [](int) -> std::unique_ptr<WorkerPool> { throw Error("cannot start the workers"); };
  EXPECT_EQ(test::expect_error([&] { run_sweep(options(2), s); }), "cannot start the workers");
  EXPECT_EQ(sweeps_column("status"), "failed");
}

TEST_F(SweepRunTest, AStoreInUseIsRefusedBeforeTheDataIsAskedFor) {
  Store other = Store::open_for_sweep(store_);
  bool planned = false;
  SweepRunSteps s = steps([](const std::string& key, int) { return done(key); });
  s.plan_runs = [&] {
    planned = true;
    return runs();
  };
  test::expect_error([&] { run_sweep(options(2), s); }, {"store '" + store_ + "' is in use by another dendrite sweep"});
  EXPECT_FALSE(planned);
}

}  // namespace
}  // namespace dendrite
