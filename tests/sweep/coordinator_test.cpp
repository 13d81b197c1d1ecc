// The coordinator against an in-process pool of fake workers: hand-out order, results and
// failures in the store, lost workers, interruption.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "framework/core/error.h"
#include "framework/sweep/coordinator.h"
#include "framework/sweep/sweep_messages.h"
#include "tests/common/expect_error.h"
#include "tests/common/temp_dir.h"
#include "tests/sweep/fake_pool.h"
#include "tests/sweep/store_test_util.h"

namespace dendrite {
namespace {

using test::done;
using test::FakePool;
using test::Reply;

class CoordinatorTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = std::make_unique<Store>(Store::open_for_sweep(tmp_.file("s.db"))); }
  void TearDown() override { store_.reset(); }
  // Runs a..e with costs 1, 5, 3, 4, 2.
  CoordinatorOutcome run(FakePool& pool, const std::atomic<bool>* stop = nullptr, std::FILE* out = nullptr,
                         std::chrono::milliseconds worker_timeout = std::chrono::milliseconds(0)) {
    std::vector<RunRecord> runs = {test::record("a", 1), test::record("b", 5), test::record("c", 3),
                                   test::record("d", 4), test::record("e", 2)};
    store_->insert_pending(runs);
    SweepProgress progress(5, 0, 15, pool.size(), false, out != nullptr ? out : std::tmpfile());
    Coordinator c(*store_, pool, runs, progress, {stop, worker_timeout});
    return c.run();
  }
  test::TempDir tmp_;
  std::unique_ptr<Store> store_;
};

TEST_F(CoordinatorTest, HandsOutTheLargestRunsFirstAndRecordsEveryResult) {
  FakePool pool(1, [](const std::string& key, int) { return done(key); });
  const CoordinatorOutcome o = run(pool);
  EXPECT_EQ(pool.order, (std::vector<std::string>{"b", "d", "c", "e", "a"}));
  EXPECT_EQ(o.done, 5);
  EXPECT_FALSE(o.interrupted);
  EXPECT_EQ(pool.shut_down_interrupted, false);
  for (const auto& [key, status] : store_->statuses()) EXPECT_EQ(status, "done") << key;
  EXPECT_EQ(store_->db().query_text("SELECT count(*) FROM epochs"), "10");
}

TEST_F(CoordinatorTest, AFailedRunIsRecordedAndTheOthersFinish) {
  FakePool pool(2, [](const std::string& key, int) {
    return key == "c" ? Reply{failed_message(key, "the loss became inf at epoch 1, batch 3"), false} : done(key);
  });
  const CoordinatorOutcome o = run(pool);
  EXPECT_EQ(o.done, 4);
  EXPECT_EQ(o.failed, 1);
  EXPECT_EQ(store_->statuses().at("c"), "failed");
  EXPECT_EQ(store_->db().query_text("SELECT error FROM runs WHERE run_key = 'c'"), "the loss became inf at epoch 1, batch 3");
}

TEST_F(CoordinatorTest, ALostWorkersRunIsRequeuedFirstAndTheWorkerReplaced) {
  int deaths = 0;
  FakePool pool(2, [&](const std::string& key, int) {
    if (key == "d" && deaths++ == 0) return Reply{std::nullopt, true};
    return done(key);
  });
  std::FILE* out = std::tmpfile();
  const CoordinatorOutcome o = run(pool, nullptr, out);
  EXPECT_EQ(o.done, 5);
  EXPECT_EQ(o.requeued, 1);
  // The death has a line of its own in the progress output (who, why, what became of the run), and
  // the counts after it say how many workers were lost.
  std::rewind(out);
  std::string text;
  for (int c; (c = std::fgetc(out)) != EOF;) text += static_cast<char>(c);
  EXPECT_NE(text.find(" on fake: killed by signal 9 (Killed); its run dann-r D4 S8 k6 L"), std::string::npos) << text;
  EXPECT_NE(text.find(" goes back to the queue  ["), std::string::npos) << text;
  EXPECT_EQ(text.find("LOST    fake "), text.rfind("LOST    fake ")) << "one line for one death: " << text;
  EXPECT_NE(text.find("[5/5 done, 0 running, 0 failed, 0 pending, 1 worker lost | "), std::string::npos) << text;
  EXPECT_EQ(pool.replacements, 1);
  EXPECT_EQ(store_->attempts("d"), 2);
  EXPECT_EQ(store_->attempts("a"), 1);
  // d came back to the front of the queue: right after the death, before the smaller runs.
  EXPECT_EQ(std::count(pool.order.begin(), pool.order.end(), "d"), 2);
  EXPECT_LT(std::find(pool.order.rbegin(), pool.order.rend(), "d") - pool.order.rbegin(), 4);
}

TEST_F(CoordinatorTest, ARunWhoseWorkersKeepDyingFails) {
  FakePool pool(1, [](const std::string& key, int) { return key == "b" ? Reply{std::nullopt, true} : done(key); });
  const CoordinatorOutcome o = run(pool);
  EXPECT_EQ(o.failed, 1);
  EXPECT_EQ(o.done, 4);
  EXPECT_EQ(store_->attempts("b"), kMaxWorkerLosses);
  EXPECT_EQ(store_->db().query_text("SELECT error FROM runs WHERE run_key = 'b'"),
            "the worker running it died 3 times (last: fake 0 on fake killed by signal 9 (Killed))");
}

TEST_F(CoordinatorTest, InterruptedRunsInFlightGoBackToPending) {
  std::atomic<bool> stop{false};
  int started = 0;
  FakePool pool(2, [&](const std::string& key, int) {
    if (++started >= 3) {  // the third and fourth runs stay in flight; then Ctrl-C
      if (started == 4) stop.store(true);
      return Reply{};
    }
    return done(key);
  });
  const CoordinatorOutcome o = run(pool, &stop);
  EXPECT_TRUE(o.interrupted);
  EXPECT_EQ(pool.shut_down_interrupted, true);
  EXPECT_EQ(o.done, 2);
  const auto statuses = store_->statuses();
  EXPECT_EQ(std::count_if(statuses.begin(), statuses.end(), [](const auto& s) { return s.second == "done"; }), 2);
  EXPECT_EQ(std::count_if(statuses.begin(), statuses.end(), [](const auto& s) { return s.second == "pending"; }), 3);
  EXPECT_EQ(std::count_if(statuses.begin(), statuses.end(), [](const auto& s) { return s.second == "running"; }), 0);
}

TEST_F(CoordinatorTest, AWorkerThatCannotStartEndsTheSweep) {
  FakePool pool(1, [](const std::string& key, int) { return done(key); });
  pool.can_replace = false;  // as an MPI rank
  FakePool fatal(1, [](const std::string&, int) { return Reply{fatal_message("cannot read 'train-images'"), false}; });
  EXPECT_EQ(test::expect_error([&] { run(fatal); }), "fake 0 on fake: cannot read 'train-images'");
  EXPECT_EQ(fatal.shut_down_interrupted, true);
  // Everything the failed sweep had in flight is pending again.
  for (const auto& [key, status] : store_->statuses()) EXPECT_EQ(status, "pending") << key;
}

TEST_F(CoordinatorTest, ALostMpiRankEndsTheSweep) {
  FakePool pool(2, [](const std::string& key, int w) { return w == 1 ? Reply{std::nullopt, true} : done(key); });
  pool.can_replace = false;
  test::expect_error([&] { run(pool); }, {"fake 1 on fake was lost (killed by signal 9 (Killed)); the sweep cannot go on"});
  EXPECT_EQ(store_->db().query_text("SELECT count(*) FROM runs WHERE status = 'running'"), "0");
}

// A rank whose host vanished (its link down) sends nothing more, and MPI may never say so: once
// it has sent heartbeats, its silence while it has a run ends the sweep like a lost rank.
TEST_F(CoordinatorTest, ASilentRankThatSentHeartbeatsIsLost) {
  FakePool pool(2, [](const std::string& key, int w) { return w == 1 ? Reply{alive_message(), false} : done(key); });
  pool.can_replace = false;
  test::expect_error([&] { run(pool, nullptr, nullptr, std::chrono::milliseconds(300)); },
                     {"fake 1 on fake was lost (it sent nothing for", "its host is unreachable or down",
                      "the sweep cannot go on"});
  EXPECT_EQ(store_->db().query_text("SELECT count(*) FROM runs WHERE status = 'running'"), "0");
}

// Without a timeout, or from a worker that never sent a heartbeat (a local worker process, whose
// death its socket reports), silence is only a long run.
TEST_F(CoordinatorTest, SilenceIsNoLossWithoutHeartbeatsOrTimeout) {
  for (const bool heartbeats : {false, true}) {
    SCOPED_TRACE(heartbeats);
    std::atomic<bool> stop{false};
    std::thread stopper([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(700));
      stop.store(true);
    });
    FakePool pool(2, [&](const std::string& key, int w) {
      if (w == 1) return heartbeats ? Reply{alive_message(), false} : Reply{};
      return done(key);
    });
    pool.can_replace = false;
    const CoordinatorOutcome o =
        run(pool, &stop, nullptr, heartbeats ? std::chrono::milliseconds(0) : std::chrono::milliseconds(200));
    stopper.join();
    EXPECT_TRUE(o.interrupted);  // still waiting for worker 1 when stopped
    EXPECT_EQ(o.done, 4);
    store_.reset();  // a fresh store for the next round
    std::filesystem::remove(tmp_.file("s.db"));
    SetUp();
  }
}

}  // namespace
}  // namespace dendrite
