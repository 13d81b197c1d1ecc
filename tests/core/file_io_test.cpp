// Checked and atomic writes (framework/core/file_io.h): every failure is an Error naming the file,
// an atomic write that fails leaves the previous file and no temporary, devices are written in
// place, and stale temporaries of dead writers are removed while those of live ones stay.
#include "framework/core/file_io.h"

#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "framework/core/error.h"
#include "tests/common/expect_error.h"
#include "tests/common/temp_dir.h"

namespace dendrite {
namespace {

namespace fs = std::filesystem;
using test::expect_error;

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The PID of a process that has ended (its number is free again, but not soon reused).
pid_t dead_pid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  return child;
}

class FileIo : public ::testing::Test {
 protected:
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
  test::TempDir tmp_;
  const fs::path& dir_ = tmp_.path();
};

TEST_F(FileIo, AtomicWriteReplacesTheFileAndLeavesNoTemporary) {
  const std::string path = (dir_ / "a.json").string();
  write_file_atomic(path, "one");
  write_file_atomic(path, "two");
  EXPECT_EQ(read_text(path), "two");
  EXPECT_EQ(entries(), std::vector<std::string>{"a.json"});
}

TEST_F(FileIo, AtomicFileWithoutCommitKeepsThePreviousFile) {
  const std::string path = (dir_ / "a.json").string();
  write_file_atomic(path, "old");
  {
    AtomicFile out(path);
    out.write("new, half written");
    EXPECT_TRUE(fs::exists(out.temporary_path()));
    EXPECT_EQ(out.temporary_path(), path + ".tmp." + std::to_string(::getpid()));
  }  // an exception unwinding through here does the same
  EXPECT_EQ(read_text(path), "old");
  EXPECT_EQ(entries(), std::vector<std::string>{"a.json"});
}

TEST_F(FileIo, AFullDeviceIsAnErrorNamingIt) {
  for (const auto& write : {write_file_atomic, write_file, append_to_file}) {
    expect_error([&] { write("/dev/full", "some bytes", "write"); },
                 {"cannot write '/dev/full': No space left on device"});
  }
  // /dev/full is written in place: it is still the device, not a regular file put in its place.
  EXPECT_TRUE(is_written_in_place("/dev/full"));
  EXPECT_FALSE(fs::exists("/dev/full.tmp." + std::to_string(::getpid())));
}

TEST_F(FileIo, DescriptorNamesAndDevicesAreWrittenInPlace) {
  for (const char* p : {"/dev/stdout", "/dev/fd/1", "/proc/self/fd/1", "/dev/null", "/dev/../dev/full"})
    EXPECT_TRUE(is_written_in_place(p)) << p;
  const std::string regular = (dir_ / "a.json").string();
  EXPECT_FALSE(is_written_in_place(regular));  // missing
  write_file(regular, "x");
  EXPECT_FALSE(is_written_in_place(regular));
  EXPECT_TRUE(is_written_in_place(dir_.string()));  // not a regular file (writing it fails)
}

TEST_F(FileIo, AFailedAtomicWriteKeepsThePreviousFile) {
  const std::string path = (dir_ / "big.bin").string();
  write_file_atomic(path, "previous");
  rlimit old_limit{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  rlimit small = old_limit;
  small.rlim_cur = 4096;
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);  // EFBIG instead of a signal
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  expect_error([&] { write_file_atomic(path, std::string(10000, 'x'), "save the thing"); },
               {"cannot save the thing '" + path + "'", "File too large"});
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_EQ(read_text(path), "previous");
  EXPECT_EQ(entries(), std::vector<std::string>{"big.bin"});
}

TEST_F(FileIo, AMissingFolderIsAnErrorNamingTheTarget) {
  const std::string path = (dir_ / "no" / "such.json").string();
  expect_error([&] { write_file_atomic(path, "x"); }, {"cannot write '" + path + "'", "No such file"});
}

TEST_F(FileIo, AppendAddsToTheEnd) {
  const std::string path = (dir_ / "log.jsonl").string();
  append_to_file(path, "1\n");
  append_to_file(path, "2\n");
  EXPECT_EQ(read_text(path), "1\n2\n");
  write_file(path, "3\n");
  EXPECT_EQ(read_text(path), "3\n");
}

TEST_F(FileIo, StaleTemporariesOfDeadWritersAreRemovedOthersKept) {
  const std::string path = (dir_ / "checkpoint.ckpt").string();
  const std::string dead = temporary_path_for(path, dead_pid());
  const std::string mine = temporary_path_for(path, ::getpid());
  const std::string live_other = temporary_path_for(path, ::getppid());
  for (const std::string& p : {path, dead, mine, live_other, path + ".tmp.x1", path + ".tmp.", (dir_ / "other.tmp.1").string()})
    write_file(p, "x");
  EXPECT_EQ(remove_stale_temporaries(path), std::vector<std::string>{dead});
  EXPECT_FALSE(fs::exists(dead));
  for (const std::string& p : {path, mine, live_other, path + ".tmp.x1", path + ".tmp."}) EXPECT_TRUE(fs::exists(p)) << p;
  EXPECT_TRUE(remove_stale_temporaries((dir_ / "missing-folder" / "x").string()).empty());
}

TEST_F(FileIo, FolderSyncOfAMissingFolderIsAnError) {
  EXPECT_NO_THROW(sync_folder(dir_.string()));
  expect_error([&] { sync_folder((dir_ / "missing").string()); },
               {"cannot open the folder '" + (dir_ / "missing").string() + "'"});
}

}  // namespace
}  // namespace dendrite
