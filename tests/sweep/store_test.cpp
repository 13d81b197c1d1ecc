// The result store: creation, the checks on foreign and corrupt files, the coordinator lock, and
// the run life cycle (pending, running, done or failed, requeued).
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "framework/core/error.h"
#include "framework/sweep/store.h"
#include "tests/common/expect_error.h"
#include "tests/common/temp_dir.h"
#include "tests/sweep/store_test_util.h"

namespace dendrite {
namespace {

namespace fs = std::filesystem;

class StoreTest : public ::testing::Test {
 protected:
  std::string path(const std::string& name) const { return tmp_.file(name); }
  // The message of opening `file`, which must fail.
  std::string open_error(const std::string& file, bool read_only = false) {
    return test::expect_error([&] {
      if (read_only) Store::open_read_only(file);
      else Store::open_for_sweep(file);
    });
  }
  test::TempDir tmp_;
  const fs::path dir_ = tmp_.path();
};

TEST_F(StoreTest, CreatesTheSchemaInWalMode) {
  {
    Store s = Store::open_for_sweep(path("a.db"));
    EXPECT_EQ(s.db().query_text("SELECT value FROM meta WHERE key = 'format'"), "dendrite-sweep-store");
    EXPECT_EQ(s.db().query_text("SELECT value FROM meta WHERE key = 'schema_version'"), "1");
    EXPECT_TRUE(s.db().query_text("SELECT value FROM meta WHERE key = 'created_at'").has_value());
    EXPECT_EQ(s.db().query_text("PRAGMA journal_mode"), "wal");
    EXPECT_EQ(s.db().query_text("PRAGMA synchronous"), "2");  // FULL
    for (const char* table : {"runs", "epochs", "sweeps"})
      EXPECT_EQ(s.db().query_text(fmt::format("SELECT count(*) FROM sqlite_master WHERE name = '{}'", table)), "1");
  }
  Store again = Store::open_read_only(path("a.db"));  // an existing store opens
  EXPECT_TRUE(again.statuses().empty());
}

TEST_F(StoreTest, RefusesFilesThatAreNotStores) {
  std::ofstream(path("text.db")) << "model,seed\ndann-r,1\n";
  EXPECT_EQ(open_error(path("text.db")),
            "'" + path("text.db") + "' is not an SQLite database, so not a dendrite sweep store (file is not a "
            "database)");
  {
    SqliteDb other = SqliteDb::open(path("other.db"), SqliteDb::Mode::read_write_create);
    other.exec("CREATE TABLE results (x INTEGER)");
  }
  const std::string foreign = "'" + path("other.db") + "' is not a dendrite sweep store (an SQLite database without "
                              "the meta row format = 'dendrite-sweep-store')";
  EXPECT_EQ(open_error(path("other.db")), foreign);
  EXPECT_EQ(open_error(path("other.db"), true), foreign);
  EXPECT_EQ(open_error(path("missing.db"), true), "store '" + path("missing.db") + "' does not exist");
  EXPECT_EQ(open_error(dir_.string()), "store '" + dir_.string() + "' is a directory; expected a file");
  EXPECT_EQ(open_error(path("no/such/folder.db")),
            "cannot create the store '" + path("no/such/folder.db") + "': the folder '" + path("no/such") +
                "' does not exist");
}

TEST_F(StoreTest, RefusesAnotherSchemaVersion) {
  { Store::open_for_sweep(path("v.db")).db().exec("UPDATE meta SET value = '7' WHERE key = 'schema_version'"); }
  EXPECT_EQ(open_error(path("v.db")),
            "'" + path("v.db") + "' is a dendrite sweep store of schema version 7; this dendrite reads version 1");
}

TEST_F(StoreTest, RefusesACorruptStore) {
  {
    Store s = Store::open_for_sweep(path("c.db"));
    std::vector<RunRecord> many;
    for (int i = 0; i < 200; ++i) many.push_back(test::record("key" + std::to_string(i), i));
    s.insert_pending(many);
    s.db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  // Overwrite the middle of the file (past the header page) with garbage.
  const auto size = fs::file_size(path("c.db"));
  ASSERT_GT(size, 8192u);
  {
    std::fstream f(path("c.db"), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2));
    const std::string garbage(4096, '\x5a');
    f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  const std::string message = open_error(path("c.db"), true);
  EXPECT_EQ(message.rfind("'" + path("c.db") + "' is corrupt", 0), 0u) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos);
}

TEST_F(StoreTest, OneCoordinatorAtATimeAndTheLockNamesTheHolder) {
  Store first = Store::open_for_sweep(path("l.db"));
  const std::string message = open_error(path("l.db"));
  EXPECT_EQ(message.rfind("store '" + path("l.db") + "' is in use by another dendrite sweep (pid " +
                              std::to_string(::getpid()) + " on host ", 0), 0u) << message;
  EXPECT_NO_THROW(Store::open_read_only(path("l.db")));  // readers are welcome
}

// The lock belongs to the store file, not to the name: a second sweep that reaches the same file
// through a symlink or another spelling of its path is refused too.
TEST_F(StoreTest, OneCoordinatorPerStoreFileWhateverThePath) {
  Store first = Store::open_for_sweep(path("real.db"));
  fs::create_symlink(path("real.db"), path("link.db"));
  const std::string other_spelling = (dir_ / "." / "real.db").string();
  for (const std::string& p : {path("link.db"), other_spelling}) {
    const std::string message = open_error(p);
    EXPECT_EQ(message.rfind("store '" + p + "' is in use by another dendrite sweep (pid " + std::to_string(::getpid()),
                            0), 0u) << message;
  }
  EXPECT_FALSE(fs::exists(path("link.db.lock")));  // one lock file, beside the real store
}

TEST_F(StoreTest, TheLockEndsWithItsProcessEvenWhenKilled) {
  const pid_t child = ::fork();
  if (child == 0) {
    Store s = Store::open_for_sweep(path("k.db"));
    ::pause();  // until killed
    ::_exit(0);
  }
  for (int i = 0; i < 500 && !fs::exists(path("k.db.lock")); ++i) ::usleep(10000);
  ::usleep(200000);
  EXPECT_NE(open_error(path("k.db")).find("is in use by another dendrite sweep (pid " + std::to_string(child)),
            std::string::npos);
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  EXPECT_NO_THROW(Store::open_for_sweep(path("k.db")));
}

TEST_F(StoreTest, RunLifeCycle) {
  Store s = Store::open_for_sweep(path("r.db"));
  s.insert_pending({test::record("a", 2.0), test::record("b", 1.0)});
  EXPECT_EQ(s.statuses(), (std::map<std::string, std::string>{{"a", "pending"}, {"b", "pending"}}));
  s.mark_running("a", "host1", 3);
  s.mark_running("b", "host2", 4);
  EXPECT_EQ(s.attempts("a"), 1);
  s.record_done("a", test::result(0.25, 3));
  s.record_failed("b", "the loss became nan at epoch 1, batch 2");
  EXPECT_EQ(s.statuses(), (std::map<std::string, std::string>{{"a", "done"}, {"b", "failed"}}));
  SqliteStatement row = s.db().prepare(
      "SELECT test_loss, best_epoch, host, rank, epochs_run, val_loss, config, cost FROM runs WHERE run_key = 'a'");
  ASSERT_TRUE(row.step());
  EXPECT_EQ(row.real(0), 0.25);
  EXPECT_EQ(row.integer(1), 3);
  EXPECT_EQ(row.text(2), "host1");
  EXPECT_EQ(row.integer(3), 3);
  EXPECT_EQ(row.integer(4), 3);
  EXPECT_EQ(row.real(5), 0.6);
  EXPECT_EQ(nlohmann::json::parse(row.text(6)), test::record("a", 2.0).config);
  EXPECT_EQ(row.real(7), 2.0);
  EXPECT_EQ(s.db().query_text("SELECT count(*) FROM epochs WHERE run_key = 'a'"), "3");
  EXPECT_EQ(s.db().query_text("SELECT error FROM runs WHERE run_key = 'b'"), "the loss became nan at epoch 1, batch 2");

  // A rerun inserts the same keys again: the rows are kept as they are.
  s.insert_pending({test::record("a", 9.0), test::record("b", 9.0), test::record("c", 9.0)});
  EXPECT_EQ(s.statuses().at("a"), "done");
  EXPECT_EQ(s.statuses().at("b"), "failed");
  EXPECT_EQ(s.statuses().at("c"), "pending");
  EXPECT_EQ(s.db().query_text("SELECT cost FROM runs WHERE run_key = 'a'"), "2.0");

  // Retrying the failed run, then losing it: back to pending, attempts counted.
  s.mark_running("b", "host1", 0);
  s.mark_pending("b");
  EXPECT_EQ(s.statuses().at("b"), "pending");
  EXPECT_EQ(s.attempts("b"), 2);
  // A done run done again (never by the sweep, but the history must not double).
  s.record_done("a", test::result(0.2, 2));
  EXPECT_EQ(s.db().query_text("SELECT count(*) FROM epochs WHERE run_key = 'a'"), "2");
}

TEST_F(StoreTest, RequeuesWhatAKilledSweepLeftRunning) {
  {
    Store s = Store::open_for_sweep(path("q.db"));
    s.insert_pending({test::record("a", 1), test::record("b", 1), test::record("c", 1)});
    s.begin_sweep("dendrite sweep ...", "h", 2);
    s.mark_running("a", "h", 0);
    s.mark_running("b", "h", 1);
    s.record_done("b", test::result(0.1));
  }  // "killed": nothing more is written
  Store s = Store::open_for_sweep(path("q.db"));
  EXPECT_EQ(s.requeue_running(), 1);
  EXPECT_EQ(s.statuses(), (std::map<std::string, std::string>{{"a", "pending"}, {"b", "done"}, {"c", "pending"}}));
  EXPECT_EQ(s.db().query_text("SELECT status FROM sweeps"), "interrupted");
  const std::int64_t id = s.begin_sweep("dendrite sweep ...", "h", 2);
  s.finish_sweep(id, "finished");
  EXPECT_EQ(s.db().query_text("SELECT count(*) FROM sweeps WHERE status = 'finished' AND finished_at IS NOT NULL"), "1");
}

TEST_F(StoreTest, NonFiniteMetricsAreStoredAsNull) {
  Store s = Store::open_for_sweep(path("n.db"));
  s.insert_pending({test::record("a", 1)});
  s.mark_running("a", "h", 0);
  RunSummary r = test::result(std::nan(""));
  r.val_loss.reset();
  s.record_done("a", r);
  EXPECT_EQ(s.db().query_text("SELECT test_loss IS NULL AND val_loss IS NULL FROM runs"), "1");
}

}  // namespace
}  // namespace dendrite
