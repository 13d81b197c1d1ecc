// The store file alone holds every recorded result: a passive WAL checkpoint follows each result
// and the end of a sweep empties the -wal, so a copy of only the .db after a SIGKILL, or a store
// whose -wal was deleted, still has the finished runs.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "framework/sweep/store.h"
#include "tests/common/temp_dir.h"
#include "tests/sweep/store_test_util.h"

namespace dendrite {
namespace {

namespace fs = std::filesystem;

TEST(StoreDurability, AKilledSweepsResultsAreInTheStoreFileWithoutItsWal) {
  test::TempDir tmp;
  const std::string store = tmp.file("k.db");
  const std::string ready = tmp.file("ready");
  const pid_t child = ::fork();
  if (child == 0) {
    Store s = Store::open_for_sweep(store);
    s.insert_pending({test::record("a", 1.0), test::record("b", 1.0), test::record("c", 1.0)});
    for (const char* key : {"a", "b", "c"}) s.mark_running(key, "host", 0);
    s.record_done("a", test::result(0.25));
    s.record_done("b", test::result(0.5));
    s.record_failed("c", "the loss became nan");
    std::ofstream(ready) << "1";
    ::pause();  // until killed: the connection is never closed
    ::_exit(0);
  }
  for (int i = 0; i < 1000 && !fs::exists(ready); ++i) ::usleep(10000);
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  ASSERT_TRUE(fs::exists(store + "-wal")) << "the killed writer should have left its -wal";

  // Only the .db, copied elsewhere; and the original after its -wal is deleted.
  fs::create_directories(tmp.path() / "copy");
  const std::string copy = (tmp.path() / "copy" / "k.db").string();
  fs::copy_file(store, copy);
  fs::remove(store + "-wal");
  fs::remove(store + "-shm");
  const std::map<std::string, std::string> expected{{"a", "done"}, {"b", "done"}, {"c", "failed"}};
  for (const std::string& file : {copy, store}) {
    Store s = Store::open_read_only(file);
    EXPECT_EQ(s.statuses(), expected) << file;
    EXPECT_EQ(s.db().query_text("SELECT test_loss FROM runs WHERE run_key = 'b'"), "0.5") << file;
    EXPECT_EQ(s.db().query_text("SELECT count(*) FROM epochs"), "4") << file;
  }
}

TEST(StoreDurability, TheEndOfASweepEmptiesTheWal) {
  test::TempDir tmp;
  const std::string store = tmp.file("e.db");
  Store s = Store::open_for_sweep(store);
  const std::int64_t id = s.begin_sweep("dendrite sweep", "host", 1);
  s.insert_pending({test::record("a", 1.0)});
  s.mark_running("a", "host", 0);
  EXPECT_GT(fs::file_size(store + "-wal"), 0u);
  s.finish_sweep(id, "interrupted");
  // Still open (the writer holds it), yet everything is in the store file.
  EXPECT_EQ(fs::file_size(store + "-wal"), 0u);
  fs::create_directories(tmp.path() / "copy");
  const std::string copy = (tmp.path() / "copy" / "e.db").string();
  fs::copy_file(store, copy);
  Store read = Store::open_read_only(copy);
  EXPECT_EQ(read.statuses(), (std::map<std::string, std::string>{{"a", "running"}}));
  EXPECT_EQ(read.db().query_text("SELECT status FROM sweeps"), "interrupted");
}

}  // namespace
}  // namespace dendrite
