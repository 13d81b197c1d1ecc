// A sweep never loses more than the runs in flight: SIGKILL of the whole sweep or of one local
// worker (reported on the output, who and why), and Ctrl-C or SIGHUP (the workers ended with it),
// each followed by a rerun, leave exactly one done row per configuration.
#include <algorithm>

#include "tests/tools/sweep_test_util.h"

namespace dendrite {
namespace {

// 6 runs of about half a second each on one thread (mlp of 1024 units on 1,200 samples, 10 epochs).
const std::string kSlowGrid = "--models mlp --set hidden=1024 --seeds 1,2,3,4,5,6 --epochs 10 --jobs 2";

class SweepRecovery : public test::SweepToolTest {
 protected:
  void SetUp() override { make_data(1200, 100); }
  std::string output_file() const { return (dir_ / "sweep.out").string(); }
  void expect_complete_after_rerun(int runs, const std::string& grid = kSlowGrid, int epochs = 10) {
    const test::CommandResult rerun = sweep(grid);
    ASSERT_EQ(rerun.exit_code, 0) << rerun.output;
    EXPECT_EQ(value("SELECT count(*) FROM runs"), std::to_string(runs));  // no duplicates
    EXPECT_EQ(count("status = 'done'"), runs);
    EXPECT_EQ(value("SELECT count(DISTINCT config) FROM runs"), std::to_string(runs));
    EXPECT_EQ(value("SELECT count(*) FROM epochs"), std::to_string(runs * epochs));
  }
};

TEST_F(SweepRecovery, SigkillOfTheWholeSweepLosesOnlyTheRunsInFlight) {
  test::Background sweep_process(sweep_command(kSlowGrid), output_file());
  ASSERT_TRUE(test::wait_until([&] { return count("status = 'done'") >= 1; })) << sweep_process.output();
  // Kill the coordinator; its workers die with it (they are gone before the rerun takes the lock).
  const std::vector<pid_t> workers = test::children_of(sweep_process.pid());
  sweep_process.send(SIGKILL);
  EXPECT_EQ(sweep_process.finish(), 128 + SIGKILL);
  EXPECT_TRUE(test::wait_until([&] {
    for (pid_t w : workers)
      if (::kill(w, 0) == 0) return false;
    return true;
  }, 10)) << "workers outlived their coordinator";
  const std::int64_t done = count("status = 'done'");
  ASSERT_LT(done, 6) << "the sweep ended before it was killed; the test needs slower runs";
  const std::vector<std::string> done_before = column("SELECT run_key || finished_at FROM runs WHERE status = 'done'");
  EXPECT_EQ(value("SELECT status FROM sweeps"), "running");  // killed: nobody could say otherwise
  // Only the .db, copied without its -wal: every run done before the kill is there, except at most
  // the last one when the kill came between its commit (into the WAL) and the checkpoint that
  // follows each result (a few milliseconds; `runs --backup` has no such gap).
  const std::string done_rows = "SELECT run_key || finished_at || test_loss FROM runs WHERE status = 'done' ORDER BY 1";
  const std::vector<std::string> in_store = column(done_rows);
  std::filesystem::create_directories(dir_ / "copy");
  const std::string copy = (dir_ / "copy" / "runs.db").string();
  std::filesystem::copy_file(store_, copy);
  const std::vector<std::string> in_copy = column(done_rows, copy);
  for (const std::string& row : in_copy)
    EXPECT_NE(std::find(in_store.begin(), in_store.end(), row), in_store.end()) << row;
  const auto missing = std::count_if(in_store.begin(), in_store.end(), [&](const std::string& row) {
    return std::find(in_copy.begin(), in_copy.end(), row) == in_copy.end();
  });
  EXPECT_LE(missing, 1) << in_copy.size() << " of " << in_store.size() << " done runs in the copy of the .db alone";

  expect_complete_after_rerun(6);
  // The runs done before the kill were not trained again.
  for (const std::string& row : done_before)
    EXPECT_EQ(value("SELECT count(*) FROM runs WHERE run_key || finished_at = '" + row + "'"), "1");
  EXPECT_EQ(column("SELECT status FROM sweeps ORDER BY id"), (std::vector<std::string>{"interrupted", "finished"}));
}

TEST_F(SweepRecovery, ABackupOfARunningSweepHoldsTheDoneRunsOfItsMoment) {
  test::Background sweep_process(sweep_command(kSlowGrid), output_file());
  ASSERT_TRUE(test::wait_until([&] { return count("status = 'done'") >= 1; })) << sweep_process.output();
  const std::string backup = (dir_ / "backup.db").string();
  const test::CommandResult backed_up =
      test::run_command(test::dendrite_tool() + " runs --store " + store_ + " --backup " + backup);
  ASSERT_EQ(backed_up.exit_code, 0) << backed_up.output;
  ASSERT_EQ(sweep_process.finish(), 0) << sweep_process.output();
  // Each done row of the backup is the store's row (same key, finish time and loss); the sweep went
  // on to finish the rest.
  const std::string done_rows = "SELECT run_key || finished_at || test_loss FROM runs WHERE status = 'done' ORDER BY 1";
  const std::vector<std::string> in_store = column(done_rows);
  const std::vector<std::string> in_backup = column(done_rows, backup);
  EXPECT_GE(in_backup.size(), 1u);
  EXPECT_LT(in_backup.size(), in_store.size()) << "the sweep ended before the backup; the test needs slower runs";
  for (const std::string& row : in_backup)
    EXPECT_NE(std::find(in_store.begin(), in_store.end(), row), in_store.end()) << row << " is not in the store";
  EXPECT_EQ(value("SELECT count(*) FROM runs", backup), "6");
}

TEST_F(SweepRecovery, AKilledLocalWorkerIsReplacedAndItsRunRetried) {
  test::Background sweep_process(sweep_command(kSlowGrid), output_file());
  ASSERT_TRUE(test::wait_until([&] { return count("status = 'running'") == 2; })) << sweep_process.output();
  std::vector<pid_t> workers;
  ASSERT_TRUE(test::wait_until([&] { return (workers = test::children_of(sweep_process.pid())).size() == 2; }));
  ::kill(workers[0], SIGKILL);
  EXPECT_EQ(sweep_process.finish(), 0) << sweep_process.output();
  // The death is reported: who, why, what became of its run, and the count of lost workers.
  const std::string out = sweep_process.output();
  EXPECT_NE(out.find(": killed by signal 9 (Killed); its run mlp"), std::string::npos) << out;
  EXPECT_NE(out.find("goes back to the queue  ["), std::string::npos) << out;
  EXPECT_NE(out.find("LOST    worker "), std::string::npos) << out;
  EXPECT_NE(out.find(", 1 worker lost | "), std::string::npos) << out;
  EXPECT_EQ(value("SELECT count(*) FROM runs"), "6");
  EXPECT_EQ(count("status = 'done'"), 6);
  EXPECT_EQ(count("attempts = 2"), 1);  // the killed worker's run, trained again
  EXPECT_EQ(count("attempts = 1"), 5);
  EXPECT_EQ(value("SELECT count(*) FROM epochs"), "60");
}

TEST_F(SweepRecovery, CtrlCStopsCleanlyAndSaysHowToContinue) {
  test::Background sweep_process(sweep_command(kSlowGrid), output_file());
  ASSERT_TRUE(test::wait_until([&] { return count("status = 'done'") >= 1; })) << sweep_process.output();
  sweep_process.send(SIGINT);
  EXPECT_EQ(sweep_process.finish(), 130);
  const std::string out = sweep_process.output();
  EXPECT_NE(out.find("interrupted: "), std::string::npos) << out;
  EXPECT_NE(out.find("the runs in flight are pending again; continue with the same command:"), std::string::npos);
  EXPECT_NE(out.find(" sweep --store " + store_), std::string::npos);
  EXPECT_EQ(count("status = 'running'"), 0);
  ASSERT_LT(count("status = 'done'"), 6);
  EXPECT_EQ(value("SELECT status || ' ' || (finished_at IS NOT NULL) FROM sweeps"), "interrupted 1");
  expect_complete_after_rerun(6);
}

// A closed terminal (SIGHUP) stops the sweep as Ctrl-C does: the runs in flight pending again, the
// workers ended (none left running), the invocation marked interrupted.
TEST_F(SweepRecovery, SighupStopsCleanlyAndEndsTheWorkers) {
  test::Background sweep_process(sweep_command(kSlowGrid), output_file());
  std::vector<pid_t> workers;
  ASSERT_TRUE(test::wait_until([&] { return count("status = 'done'") >= 1; })) << sweep_process.output();
  ASSERT_TRUE(test::wait_until([&] { return (workers = test::children_of(sweep_process.pid())).size() == 2; }));
  sweep_process.send(SIGHUP);
  EXPECT_EQ(sweep_process.finish(), 130) << sweep_process.output();
  EXPECT_NE(sweep_process.output().find("the runs in flight are pending again"), std::string::npos)
      << sweep_process.output();
  for (const pid_t w : workers) EXPECT_NE(::kill(w, 0), 0) << "worker " << w << " still runs";
  EXPECT_EQ(count("status = 'running'"), 0);
  ASSERT_LT(count("status = 'done'"), 6);
  EXPECT_EQ(value("SELECT status FROM sweeps"), "interrupted");
  expect_complete_after_rerun(6);
}

TEST_F(SweepRecovery, CtrlCUnderMpirunLeavesAConsistentStore) {
  ::setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
  ::setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
  // Longer runs: mpirun takes a second or two to pass the signal on.
  const std::string grid = "--models mlp --set hidden=1024 --seeds 1,2,3,4,5,6 --epochs 100";
  test::Background mpirun("mpirun -np 3 --oversubscribe " + sweep_command(grid), output_file());
  ASSERT_TRUE(test::wait_until([&] { return count("status = 'done'") >= 1; })) << mpirun.output();
  mpirun.send(SIGINT);  // mpirun passes it on to every rank, then ends the job
  EXPECT_NE(mpirun.finish(), 0);
  const std::string out = mpirun.output();
  EXPECT_NE(out.find("the runs in flight are pending again; continue with the same mpirun command:"),
            std::string::npos) << out;
  EXPECT_EQ(count("status = 'running'"), 0);
  ASSERT_LT(count("status = 'done'"), 6);
  EXPECT_EQ(value("SELECT status FROM sweeps"), "interrupted");
  expect_complete_after_rerun(6, grid + " --jobs 2", 100);
}

TEST_F(SweepRecovery, ASecondSweepOnTheSameStoreIsRefusedWhileTheFirstRuns) {
  test::Background sweep_process(sweep_command(kSlowGrid), output_file());
  ASSERT_TRUE(test::wait_until([&] { return count("status = 'running'") >= 1; })) << sweep_process.output();
  const test::CommandResult second = sweep(kSlowGrid);
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.output.find("is in use by another dendrite sweep (pid " + std::to_string(sweep_process.pid()) +
                               " on host "), std::string::npos) << second.output;
  EXPECT_EQ(std::count(second.output.begin(), second.output.end(), '\n'), 1) << second.output;
  sweep_process.send(SIGINT);
  EXPECT_EQ(sweep_process.finish(), 130);
}

// The lock is the store file's: a second sweep that reaches the running sweep's store through a
// symlink is refused the same way.
TEST_F(SweepRecovery, ASecondSweepThroughASymlinkToTheStoreIsRefused) {
  test::Background sweep_process(sweep_command(kSlowGrid), output_file());
  ASSERT_TRUE(test::wait_until([&] { return count("status = 'running'") >= 1; })) << sweep_process.output();
  const std::string link = (dir_ / "link.db").string();
  std::filesystem::create_symlink(store_, link);
  const test::CommandResult second = sweep(kSlowGrid, link);
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.output.find("store '" + link + "' is in use by another dendrite sweep (pid " +
                               std::to_string(sweep_process.pid()) + " on host "), std::string::npos) << second.output;
  sweep_process.send(SIGINT);
  EXPECT_EQ(sweep_process.finish(), 130);
  EXPECT_EQ(value("SELECT count(*) FROM sweeps"), "1");  // the refused sweep recorded nothing
}

}  // namespace
}  // namespace dendrite
