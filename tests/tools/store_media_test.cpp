// A sweep whose store cannot be written says why, naming the store: a full disk (a filled tmpfs)
// or a read-only file system (a read-only bind mount), each in a private mount namespace that
// disappears with the command. Needs root and unshare; skipped with the reason where missing.
#include "tests/tools/sweep_test_util.h"

namespace dendrite {
namespace {

namespace fs = std::filesystem;

const std::string kGrid = "--models vann --somata 8 --seeds 1 --epochs 1 --jobs 1";
const std::string kMoreRuns = "--models vann --somata 8 --seeds 1,2,3,4,5,6,7,8 --epochs 1 --jobs 1";

class StoreMedia : public test::SweepToolTest {
 protected:
  static bool can_mount() {
    static const bool ok =
        test::run_command("unshare -m sh -c 'mount -t tmpfs -o size=64k tmpfs /mnt && touch /mnt/x'").exit_code == 0;
    return ok;
  }
  // A store with one done run, copied (its .db alone, and a lock file written by an earlier
  // holder, so the lock's record reuses its block) into `folder` by `mount` inside a private mount
  // namespace, then a sweep with more runs on it; returns the sweep's result.
  test::CommandResult sweep_there(const fs::path& folder, const std::string& mount) {
    const test::CommandResult first = sweep(kGrid);
    EXPECT_EQ(first.exit_code, 0) << first.output;
    fs::create_directories(folder);
    const std::string there = (folder / "runs.db").string();
    return test::run_command("unshare -m sh -c '" + mount + " && " + sweep_command(kMoreRuns, there) + "'");
  }
};

TEST_F(StoreMedia, AFullDiskIsNamedAsSuch) {
  if (!can_mount()) GTEST_SKIP() << "cannot mount a tmpfs here (needs root and unshare)";
  const fs::path full = dir_ / "full";
  const std::string at = full.string();
  const test::CommandResult r = sweep_there(
      full, "mount -t tmpfs -o size=512k tmpfs " + at + " && cp " + store_ + " " + at + "/runs.db && echo an-old-holder > " + at +
                "/runs.db.lock && (dd if=/dev/zero of=" + at + "/fill bs=4k 2>/dev/null; true)");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("'" + at + "/runs.db' cannot be written: the disk is full"), std::string::npos) << r.output;
}

TEST_F(StoreMedia, AReadOnlyFileSystemIsNamedAsSuch) {
  if (!can_mount()) GTEST_SKIP() << "cannot mount here (needs root and unshare)";
  const fs::path ro = dir_ / "ro";
  const std::string at = ro.string();
  fs::create_directories(ro);
  const test::CommandResult first = sweep(kGrid);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  fs::copy_file(store_, ro / "runs.db");
  std::ofstream((ro / "runs.db.lock").string()) << "";
  const test::CommandResult r = test::run_command("unshare -m sh -c 'mount --bind -o ro " + at + " " + at + " && " +
                                                  sweep_command(kMoreRuns, at + "/runs.db") + "'");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("'" + at + "/runs.db.lock': Read-only file system"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace dendrite
