// dendrite runs --backup's library side: a consistent copy of a store being written (SQLite's
// online backup), written through a temporary and a rename, never over an SQLite database.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "framework/sweep/store.h"
#include "tests/common/expect_error.h"
#include "tests/common/temp_dir.h"
#include "tests/sweep/store_test_util.h"

namespace dendrite {
namespace {

namespace fs = std::filesystem;

class StoreBackup : public ::testing::Test {
 protected:
  void SetUp() override {
    writer_.insert_pending({test::record("a", 1.0), test::record("b", 1.0), test::record("c", 1.0)});
    writer_.mark_running("a", "host", 0);
    writer_.record_done("a", test::result(0.25));
  }
  std::vector<std::string> files() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(tmp_.path())) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
  test::TempDir tmp_;
  const std::string store_ = tmp_.file("s.db");
  Store writer_ = Store::open_for_sweep(store_);
};

TEST_F(StoreBackup, CopiesTheCommittedStateOfAStoreBeingWritten) {
  // The writer is in the middle of a transaction that marks b done; the copy has only what was
  // committed.
  writer_.db().exec("BEGIN IMMEDIATE");
  writer_.db().exec("UPDATE runs SET status = 'done', test_loss = 0.5 WHERE run_key = 'b'");
  Store reader = Store::open_read_only(store_);
  const std::string copy = tmp_.file("copy.db");
  reader.backup_to(copy);
  writer_.db().exec("COMMIT");

  // A single file: no -wal, -shm or temporary beside the copy (the writer's own files remain).
  EXPECT_EQ(files(), (std::vector<std::string>{"copy.db", "s.db", "s.db-shm", "s.db-wal", "s.db.lock"}));
  Store backup = Store::open_read_only(copy);
  EXPECT_EQ(backup.statuses(), (std::map<std::string, std::string>{{"a", "done"}, {"b", "pending"}, {"c", "pending"}}));
  EXPECT_EQ(backup.db().query_text("SELECT test_loss FROM runs WHERE run_key = 'a'"), "0.25");
  EXPECT_EQ(backup.db().query_text("SELECT count(*) FROM epochs"), "2");
}

TEST_F(StoreBackup, NeverOverwritesAnSqliteDatabase) {
  Store reader = Store::open_read_only(store_);
  const std::string copy = tmp_.file("copy.db");
  reader.backup_to(copy);
  writer_.mark_running("b", "host", 0);
  writer_.record_done("b", test::result(0.5));
  // An earlier backup, or the store itself, is kept as it is.
  test::expect_error([&] { reader.backup_to(copy); }, {"backup '" + copy + "' already exists", "SQLite database"});
  test::expect_error([&] { reader.backup_to(store_); }, {"backup '" + store_ + "' already exists"});
  EXPECT_EQ(Store::open_read_only(copy).statuses().at("b"), "pending");
  EXPECT_EQ(Store::open_read_only(store_).statuses().at("b"), "done");
  // Another file there is replaced.
  const std::string text = tmp_.file("notes.txt");
  std::ofstream(text) << "not a store\n";
  reader.backup_to(text);
  EXPECT_EQ(Store::open_read_only(text).statuses().at("b"), "done");
}

TEST_F(StoreBackup, AMissingFolderIsNamed) {
  Store reader = Store::open_read_only(store_);
  const std::string copy = (tmp_.path() / "nowhere" / "copy.db").string();
  test::expect_error([&] { reader.backup_to(copy); }, {"backup '" + copy + "'", "folder", "does not exist"});
}

}  // namespace
}  // namespace dendrite
