// FileLock (framework/core/file_lock.h), for run folders and for files such as sweep stores: a
// second holder is refused at once naming the first holder; the lock ends with its holder, even
// one killed with SIGKILL; a lock file left by a dead process is taken over and rewritten; a lock
// file replaced between open and flock does not let two holders in; signals do not break it; and
// every path to one folder or file (symlinks, "..", relative) finds the same lock.
#include "framework/core/file_lock.h"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "framework/core/error.h"
#include "tests/common/expect_error.h"
#include "tests/common/temp_dir.h"

namespace dendrite {
namespace {

namespace fs = std::filesystem;
using test::expect_error;

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The PID of a process that has ended.
pid_t dead_pid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  return child;
}

// The message a store-like lock gives: what the holder recorded, or that it recorded nothing yet.
std::string in_use(const std::string& recorded) {
  return "in use by " + (recorded.empty() ? std::string("a process that has not written its PID yet") : recorded);
}

FileLock lock_file(const std::string& path) {
  return FileLock::for_file(path, "pid " + std::to_string(::getpid()) + " on host h\n", in_use);
}

// Removes the test hook when the test ends, however it ends.
struct BeforeFlockHook {
  explicit BeforeFlockHook(std::function<void(const std::string&)> hook) {
    file_lock_testing::set_before_flock(std::move(hook));
  }
  ~BeforeFlockHook() { file_lock_testing::set_before_flock({}); }
};

class FileLockTest : public ::testing::Test {
 protected:
  test::TempDir tmp_;
  const fs::path dir_ = tmp_.path() / "run";  // made by the first lock
  const std::string pid_ = std::to_string(::getpid());
};

TEST_F(FileLockTest, CreatesTheFolderAndRecordsThePid) {
  const FileLock lock = FileLock::for_folder(dir_.string(), "advice");
  EXPECT_EQ(lock.lock_path(), (fs::canonical(dir_) / ".lock").string());
  EXPECT_EQ(read_file(lock.lock_path()), pid_ + "\n");
}

TEST_F(FileLockTest, ASecondHolderIsRefusedWithTheFolderAndTheHoldersPid) {
  const FileLock first = FileLock::for_folder(dir_.string(), "advice");
  // flock locks belong to open files: a second open in the same process conflicts too.
  expect_error([&] { FileLock::for_folder(dir_.string(), "choose another folder"); },
               {"'" + dir_.string() + "' is in use by process " + pid_, "(lock file '" + first.lock_path() + "')",
                "choose another folder"});
}

TEST_F(FileLockTest, TheLockEndsWithItsHolderEvenAKilledOne) {
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    try {
      const FileLock lock = FileLock::for_folder(dir_.string(), "advice");
      ::write(ready[1], "1", 1);
      ::pause();  // killed here
    } catch (...) {
    }
    ::_exit(1);
  }
  char c = 0;
  ASSERT_EQ(::read(ready[0], &c, 1), 1);
  expect_error([&] { FileLock::for_folder(dir_.string(), "advice"); }, {"is in use by process " + std::to_string(child)});
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  EXPECT_NO_THROW(FileLock::for_folder(dir_.string(), "advice"));
  ::close(ready[0]);
  ::close(ready[1]);
}

TEST_F(FileLockTest, ALockFileWithoutAPidStillNamesTheFolder) {
  const FileLock first = FileLock::for_folder(dir_.string(), "advice");
  std::ofstream(first.lock_path(), std::ios::trunc) << "not a pid\n";  // what a half-started holder leaves
  expect_error([&] { FileLock::for_folder(dir_.string(), "advice"); },
               {"'" + dir_.string() + "' is in use by another process (its PID is not recorded yet)"});
}

TEST_F(FileLockTest, AFolderThatCannotBeCreatedIsNamed) {
  const std::string bad = "/proc/dendrite-no-such/run";
  expect_error([&] { FileLock::for_folder(bad, "advice"); }, {bad});
}

TEST_F(FileLockTest, AFileLockRecordsItsHolderAndTheRefusalQuotesIt) {
  const std::string store = tmp_.file("s.db");  // need not exist
  const FileLock first = lock_file(store);
  EXPECT_EQ(first.lock_path(), (fs::canonical(tmp_.path()) / "s.db.lock").string());
  EXPECT_EQ(read_file(first.lock_path()), "pid " + pid_ + " on host h\n");
  EXPECT_FALSE(fs::exists(store));  // the lock does not create the guarded file
  EXPECT_EQ(expect_error([&] { lock_file(store); }), "in use by pid " + pid_ + " on host h");
  std::ofstream(first.lock_path(), std::ios::trunc) << "\n";
  EXPECT_EQ(expect_error([&] { lock_file(store); }), "in use by a process that has not written its PID yet");
}

TEST_F(FileLockTest, AFileInAMissingFolderIsNamed) {
  const std::string bad = tmp_.file("no/such/s.db");
  expect_error([&] { lock_file(bad); }, {"cannot resolve the path '" + bad + "'", tmp_.file("no/such")});
}

// A lock file left by a process that has ended holds no flock: it is taken, and its record is
// replaced by the new holder's (a longer old record leaves nothing behind).
TEST_F(FileLockTest, AStaleHoldersLockFileIsTakenAndRewritten) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / ".lock") << dead_pid() << "\n";
  {
    const FileLock lock = FileLock::for_folder(dir_.string(), "advice");
    EXPECT_EQ(read_file(lock.lock_path()), pid_ + "\n");
  }
  const std::string store = tmp_.file("s.db");
  std::ofstream(store + ".lock") << "pid " << dead_pid() << " on host a-much-longer-host-name, since 2020-01-01T00:00:00Z\n";
  const FileLock lock = lock_file(store);
  EXPECT_EQ(read_file(store + ".lock"), "pid " + pid_ + " on host h\n");
}

// Another process removes the lock file and locks a new one of the same name while we are between
// open and flock: our flock then succeeds on the old file, which nobody else will open again. The
// check after the flock (does the path still name the inode we locked?) sends us round again,
// and the new file's holder refuses us.
TEST_F(FileLockTest, ALockFileReplacedBetweenOpenAndFlockStillExcludes) {
  std::optional<FileLock> first;
  int calls = 0;
  const BeforeFlockHook hook([&](const std::string& path) {
    if (calls++ > 0) return;
    ASSERT_EQ(::unlink(path.c_str()), 0);
    first.emplace(FileLock::for_folder(dir_.string(), "advice"));  // the hook runs once: no recursion
  });
  fs::create_directories(dir_);
  expect_error([&] { FileLock::for_folder(dir_.string(), "advice"); }, {"is in use by process " + pid_});
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(calls, 3);  // the second locker's two opens and the first's one
}

// With no one else holding the new file, the retry takes it, and the record goes into the file the
// path names (not the unlinked one).
TEST_F(FileLockTest, AReplacedLockFileIsOpenedAgainAndRecordedInto) {
  int calls = 0;
  const BeforeFlockHook hook([&](const std::string& path) {
    if (calls++ == 0) {
      ASSERT_EQ(::unlink(path.c_str()), 0);
    }
  });
  const FileLock lock = FileLock::for_folder(dir_.string(), "advice");
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(read_file(lock.lock_path()), pid_ + "\n");
  expect_error([&] { FileLock::for_folder(dir_.string(), "advice"); }, {"is in use by process " + pid_});
}

std::atomic<int> signals_seen{0};
void count_signal(int) { signals_seen.fetch_add(1, std::memory_order_relaxed); }

// The flock does not wait (taken or refused at once), but a signal may still arrive during any of
// its calls. With a handler installed without SA_RESTART and a timer firing every 20 us, thousands
// of takes and refusals give exactly the answers they give without signals.
TEST_F(FileLockTest, SignalsWithoutRestartDoNotBreakTheLock) {
  struct sigaction action {}, old_action {};
  action.sa_handler = count_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: an interrupted call returns EINTR
  ASSERT_EQ(::sigaction(SIGALRM, &action, &old_action), 0);
  const itimerval every_20us{{0, 20}, {0, 20}}, off{};
  ASSERT_EQ(::setitimer(ITIMER_REAL, &every_20us, nullptr), 0);
  const fs::path other = tmp_.path() / "other";
  int refused = 0, taken = 0;
  {
    const FileLock held = FileLock::for_folder(dir_.string(), "advice");
    for (int i = 0; i < 2000; ++i) {
      try {
        FileLock::for_folder(dir_.string(), "advice");
      } catch (const Error& e) {
        refused += std::string(e.what()).find("is in use by process " + pid_) != std::string::npos ? 1 : 0;
      }
      try {
        const FileLock lock = lock_file(other.string());
        taken += 1;
      } catch (const Error& e) {
        ADD_FAILURE() << e.what();
      }
    }
  }
  ::setitimer(ITIMER_REAL, &off, nullptr);
  ::sigaction(SIGALRM, &old_action, nullptr);
  EXPECT_GT(signals_seen.load(), 0);
  EXPECT_EQ(refused, 2000);
  EXPECT_EQ(taken, 2000);
}

// Every path to one folder finds the one lock: through a symlink, with "..", relative.
TEST_F(FileLockTest, EveryPathToAFolderFindsTheSameLock) {
  const FileLock held = FileLock::for_folder(dir_.string(), "advice");
  const fs::path link = tmp_.path() / "link";
  fs::create_directory_symlink(dir_, link);
  const fs::path dotdot = dir_ / ".." / "run";
  const fs::path relative = fs::relative(dir_, fs::current_path());
  for (const fs::path& path : {link, dotdot, relative}) {
    expect_error([&] { FileLock::for_folder(path.string(), "advice"); },
                 {"'" + path.string() + "' is in use by process " + pid_, held.lock_path()});
  }
}

// The same for a file (a sweep's store): a symlink to it, "..", a relative path, and a symlink
// that dangles because the file does not exist yet (opening it would create the target).
TEST_F(FileLockTest, EveryPathToAFileFindsTheSameLock) {
  const fs::path real = tmp_.path() / "stores" / "s.db";
  fs::create_directories(real.parent_path());
  std::ofstream(real) << "store";
  const fs::path link = tmp_.path() / "link.db";
  fs::create_symlink(real, link);
  {
    const FileLock held = lock_file(link.string());
    EXPECT_EQ(held.lock_path(), fs::canonical(real).string() + ".lock");
    const fs::path dotdot = real.parent_path() / ".." / "stores" / "s.db";
    for (const fs::path& path : {real, dotdot, fs::relative(real, fs::current_path())})
      EXPECT_EQ(expect_error([&] { lock_file(path.string()); }), "in use by pid " + pid_ + " on host h") << path;
  }
  const fs::path future = tmp_.path() / "stores" / "new.db";
  const fs::path dangling = tmp_.path() / "new-link.db";
  fs::create_symlink(fs::path("stores") / "new.db", dangling);  // relative to the link's folder
  const FileLock held = lock_file(dangling.string());
  EXPECT_EQ(held.lock_path(), (fs::canonical(future.parent_path()) / "new.db.lock").string());
  expect_error([&] { lock_file(future.string()); }, {"in use by pid " + pid_});
}

TEST(ResolvedPath, ResolvesSymlinksAndDotsAndKeepsAMissingLastPart) {
  test::TempDir tmp;
  const fs::path base = fs::canonical(tmp.path());
  fs::create_directories(base / "a" / "b");
  fs::create_directory_symlink(base / "a", base / "to-a");
  EXPECT_EQ(resolved_path((base / "to-a" / "b" / ".." / "b").string()), (base / "a" / "b").string());
  EXPECT_EQ(resolved_path((base / "to-a" / "missing.db").string()), (base / "a" / "missing.db").string());
  fs::create_symlink("loop", base / "loop");  // a symlink to itself
  expect_error([&] { resolved_path((base / "loop").string()); }, {"cannot resolve the path", "loop"});
}

}  // namespace
}  // namespace dendrite
