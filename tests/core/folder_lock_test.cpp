// FolderLock (framework/core/folder_lock.h): a second holder is refused at once with the folder and
// the first holder's PID, and the lock ends with its holder, even one killed with SIGKILL.
#include "framework/core/folder_lock.h"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "framework/core/error.h"
#include "tests/common/expect_error.h"
#include "tests/common/temp_dir.h"

namespace dendrite {
namespace {

namespace fs = std::filesystem;
using test::expect_error;

class FolderLockTest : public ::testing::Test {
 protected:
  test::TempDir tmp_;
  const fs::path dir_ = tmp_.path() / "run";  // made by the first lock
};

TEST_F(FolderLockTest, CreatesTheFolderAndRecordsThePid) {
  const FolderLock lock(dir_.string(), "advice");
  EXPECT_EQ(lock.lock_path(), (dir_ / ".lock").string());
  std::ifstream in(lock.lock_path());
  std::string pid;
  in >> pid;
  EXPECT_EQ(pid, std::to_string(::getpid()));
}

TEST_F(FolderLockTest, ASecondHolderIsRefusedWithTheFolderAndTheHoldersPid) {
  const FolderLock first(dir_.string(), "advice");
  // flock locks belong to open files: a second open in the same process conflicts too.
  expect_error([&] { FolderLock second(dir_.string(), "choose another folder"); },
               {"'" + dir_.string() + "' is in use by process " + std::to_string(::getpid()), "choose another folder"});
}

TEST_F(FolderLockTest, TheLockEndsWithItsHolderEvenAKilledOne) {
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    try {
      FolderLock lock(dir_.string(), "advice");
      ::write(ready[1], "1", 1);
      ::pause();  // killed here
    } catch (...) {
    }
    ::_exit(1);
  }
  char c = 0;
  ASSERT_EQ(::read(ready[0], &c, 1), 1);
  expect_error([&] { FolderLock lock(dir_.string(), "advice"); }, {"is in use by process " + std::to_string(child)});
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  EXPECT_NO_THROW(FolderLock(dir_.string(), "advice"));
  ::close(ready[0]);
  ::close(ready[1]);
}

TEST_F(FolderLockTest, ALockFileWithoutAPidStillNamesTheFolder) {
  const FolderLock first(dir_.string(), "advice");
  std::ofstream(first.lock_path(), std::ios::trunc) << "not a pid\n";  // what a half-started holder leaves
  expect_error([&] { FolderLock second(dir_.string(), "advice"); },
               {"'" + dir_.string() + "' is in use by another process (its PID is not recorded yet)"});
}

TEST_F(FolderLockTest, AFolderThatCannotBeCreatedIsNamed) {
  const std::string bad = "/proc/dendrite-no-such/run";
  expect_error([&] { FolderLock lock(bad, "advice"); }, {bad});
}

}  // namespace
}  // namespace dendrite
