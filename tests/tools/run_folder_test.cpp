// The run folder through the real tool: one `dendrite train` per --out (a second process is refused
// at once, naming the folder and the holder's PID; the lock ends with its holder, even a killed
// one), temporaries of killed writers removed on the next start, and a resumed run whose
// log.jsonl holds exactly the epochs of its checkpoint (no epoch twice, none missing). One rule for
// whose files a run replaces: a resumed run writes into its own folder, a folder without a
// checkpoint, or one given with --overwrite, never silently over another run.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "framework/train/checkpoint.h"
#include "tests/common/tool_case.h"
#include "tests/common/tool_runner.h"
#include "tests/common/train_process.h"

namespace dendrite::reliability {
namespace {

namespace fs = std::filesystem;

class RunFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = expand("{tmp}/run-folder-") + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  // `dendrite train` on the corpus data into dir_ (one thread, no progress line).
  std::string train_args(const std::string& more) const {
    return expand(data_args()) + " --model mlp --hidden 8 --threads 1 --no-progress --out " + dir_.string() + more;
  }
  test::CommandResult train(const std::string& more) const {
    return test::run_command(test::dendrite_tool() + " train" + train_args(more));
  }
  test::CommandResult resume(const std::string& more) const {
    return test::run_command(test::dendrite_tool() + " train --resume " + (dir_ / "checkpoint.ckpt").string() +
                             " --threads 1 --no-progress" + more);
  }
  std::vector<nlohmann::json> log_lines() const {
    std::vector<nlohmann::json> lines;
    std::ifstream in(dir_ / "log.jsonl");
    for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
    return lines;
  }
  static std::vector<int> epochs_of(const std::vector<nlohmann::json>& lines) {
    std::vector<int> epochs;
    for (const auto& l : lines) epochs.push_back(l.at("epoch").get<int>());
    return epochs;
  }
  fs::path dir_;
};

// The PID of a process that has ended.
pid_t dead_pid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  return child;
}

TEST_F(RunFolder, ASecondRunInTheSameFolderIsRefusedUntilTheFirstEnds) {
  test::TrainProcess first(test::split_words(train_args(" --epochs 100000")));
  ASSERT_TRUE(first.wait_for("epoch 1/100000")) << first.output();
  const std::string in_use = "'" + dir_.string() + "' is in use by process " + std::to_string(first.pid());
  for (const auto& second : {train(" --epochs 1 --overwrite --quiet"), resume(" --quiet")}) {
    EXPECT_EQ(second.exit_code, 1) << second.output;
    EXPECT_NE(second.output.find("dendrite train: error: " + in_use), std::string::npos) << second.output;
    EXPECT_NE(second.output.find("choose another --out"), std::string::npos) << second.output;
  }
  first.send(SIGKILL);
  EXPECT_EQ(first.finish(), 128 + SIGKILL);
  // The lock went with the killed process.
  const auto next = train(" --epochs 1 --overwrite --quiet");
  EXPECT_EQ(next.exit_code, 0) << next.output;
}

TEST_F(RunFolder, TemporariesOfKilledWritersAreRemovedOnTheNextStart) {
  ASSERT_EQ(train(" --epochs 1 --quiet").exit_code, 0);
  const fs::path ckpt = dir_ / "checkpoint.ckpt";
  const pid_t dead = dead_pid();
  const std::string stale_ckpt = ckpt.string() + ".tmp." + std::to_string(dead);
  const std::string stale_summary = (dir_ / "summary.json").string() + ".tmp." + std::to_string(dead);
  const std::string live = ckpt.string() + ".tmp." + std::to_string(::getpid());  // a writer that still runs
  for (const std::string& p : {stale_ckpt, stale_summary, live}) std::ofstream(p) << "partial";
  const auto r = resume(" --epochs 2");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("removed '" + stale_ckpt + "', left by a writer that was killed"), std::string::npos)
      << r.output;
  EXPECT_FALSE(fs::exists(stale_ckpt));
  EXPECT_FALSE(fs::exists(stale_summary));
  EXPECT_TRUE(fs::exists(live));
}

TEST_F(RunFolder, AResumedRunsLogHoldsExactlyTheCheckpointsEpochs) {
  ASSERT_EQ(train(" --epochs 1 --quiet").exit_code, 0);
  const fs::path ckpt = dir_ / "checkpoint.ckpt", after_one = dir_ / "after-one.ckpt";
  fs::copy_file(ckpt, after_one);
  ASSERT_EQ(resume(" --epochs 2 --quiet").exit_code, 0);
  const std::vector<nlohmann::json> two = log_lines();
  ASSERT_EQ(epochs_of(two), (std::vector<int>{1, 2}));

  // Killed after epoch 2 was logged but before its checkpoint replaced the first one: the
  // checkpoint says one epoch, the log two. Resuming logs epoch 2 once.
  fs::copy_file(after_one, ckpt, fs::copy_options::overwrite_existing);
  ASSERT_EQ(resume(" --epochs 2 --quiet").exit_code, 0);
  const std::vector<nlohmann::json> again = log_lines();
  EXPECT_EQ(epochs_of(again), (std::vector<int>{1, 2}));
  EXPECT_EQ(again.front(), two.front()) << "epoch 1's line comes back unchanged from the checkpoint";

  // Killed after a checkpoint but before its log line: the line is restored from the checkpoint.
  std::ofstream(dir_ / "log.jsonl") << two.front().dump() << "\n";
  ASSERT_EQ(resume(" --epochs 3 --quiet").exit_code, 0);
  EXPECT_EQ(epochs_of(log_lines()), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(load_checkpoint(ckpt.string()).meta["training"]["history"].size(), 3u);
}

std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST_F(RunFolder, AResumedRunReplacesAnotherRunsFilesOnlyWithOverwrite) {
  const std::string a = (dir_ / "a").string(), b = (dir_ / "b").string(), c = (dir_ / "c").string();
  const auto train_into = [&](const std::string& out, const std::string& more) {
    return test::run_command(test::dendrite_tool() + " train" + expand(data_args()) +
                             " --model mlp --hidden 8 --threads 1 --no-progress --quiet --out " + out + more);
  };
  const auto resume_a_into = [&](const std::string& out, const std::string& more) {
    return test::run_command(test::dendrite_tool() + " train --resume " + a + "/checkpoint.ckpt --epochs 2 " +
                             "--threads 1 --no-progress --quiet --out " + out + more);
  };
  ASSERT_EQ(train_into(a, " --epochs 1").exit_code, 0);
  ASSERT_EQ(train_into(b, " --epochs 1 --seed 5").exit_code, 0);
  std::vector<std::string> before;
  for (const char* f : {"checkpoint.ckpt", "log.jsonl", "summary.json"}) before.push_back(file_bytes(fs::path(b) / f));

  const auto refused = resume_a_into(b, "");
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(refused.output.find("'" + b + "/checkpoint.ckpt' holds another run than the one in '" + a +
                                "/checkpoint.ckpt'"), std::string::npos) << refused.output;
  EXPECT_NE(refused.output.find("--overwrite"), std::string::npos) << refused.output;
  std::size_t i = 0;
  for (const char* f : {"checkpoint.ckpt", "log.jsonl", "summary.json"})
    EXPECT_EQ(file_bytes(fs::path(b) / f), before[i++]) << f << " of the other run was changed";

  // Through another spelling of the same folder, still refused; into a folder without a
  // checkpoint, or with --overwrite, the resumed run writes.
  EXPECT_EQ(resume_a_into(dir_.string() + "/./b", "").exit_code, 2);
  const auto fresh = resume_a_into(c, "");
  EXPECT_EQ(fresh.exit_code, 0) << fresh.output;
  EXPECT_EQ(load_checkpoint(c + "/checkpoint.ckpt").meta["training"]["epoch"], 2);
  const auto replaced = resume_a_into(b, " --overwrite");
  EXPECT_EQ(replaced.exit_code, 0) << replaced.output;
  EXPECT_EQ(load_checkpoint(b + "/checkpoint.ckpt").meta["training"]["epoch"], 2);
  // Its own folder needs no --overwrite, and refuses it (nothing of another run to replace).
  EXPECT_EQ(resume_a_into(a, "").exit_code, 0);
  const auto own = resume_a_into(a, " --overwrite");
  EXPECT_EQ(own.exit_code, 2) << own.output;
  EXPECT_NE(own.output.find("--overwrite starts a new run and --resume continues one"), std::string::npos)
      << own.output;
}

}  // namespace
}  // namespace dendrite::reliability
