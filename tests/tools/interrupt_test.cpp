// Never losing work, through the real tool: SIGINT, SIGTERM or SIGHUP during `dendrite train` writes a
// checkpoint and exits with 130; `--resume` (without repeating the options) ends with exactly the
// weights of an uninterrupted run, also with an lr schedule and early stopping (the same epochs,
// lrs, stop, best epoch and restored weights); a loss that turns non-finite stops with a message
// naming the epoch and batch and leaves the last good checkpoint as it was.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "framework/train/checkpoint.h"
#include "tests/common/synthetic_data.h"
#include "tests/common/tool_runner.h"
#include "tests/common/train_process.h"

namespace dendrite {
namespace {

namespace fs = std::filesystem;

// The models are tiny: one thread each, so that tests running in parallel do not oversubscribe
// the cores (OpenMP barriers then cost a time slice each).
const std::string kOneThread = " --threads 1";

std::string file_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every tensor of b's checkpoint (weights, connectivity, optimizer state, the second weight set)
// equals a's bit for bit, and so do the training state's counts and the schedule's and early
// stopping's state (for a model checkpoint, best.ckpt: which epoch it holds).
void expect_same_tensors(const fs::path& a, const fs::path& b) {
  const Checkpoint ca = load_checkpoint(a.string()), cb = load_checkpoint(b.string());
  ASSERT_EQ(ca.tensors.size(), cb.tensors.size());
  for (const auto& [name, t] : ca.tensors) {
    const Tensor* other = cb.find(name);
    ASSERT_NE(other, nullptr) << name;
    EXPECT_TRUE(t.bitwise_equal(*other)) << name << " differs between " << a << " and " << b;
  }
  EXPECT_EQ(ca.meta.value("best", nlohmann::json()), cb.meta.value("best", nlohmann::json()));
  if (!ca.meta.contains("training")) return;
  for (const char* key : {"optimizer_steps", "epoch", "lr_schedule", "early_stopping", "restored_best"})
    EXPECT_EQ(ca.meta["training"][key], cb.meta["training"][key]) << key;
}

class NeverLoseWork : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Enough batches per epoch (450 of 8) that a signal lands mid-training.
    data_ = testing_data::make_quadrant_data_dir(4000, 200);
    dir_ = data_->path();
  }
  static void TearDownTestSuite() { data_.reset(); }

  static std::string data() { return testing_data::quadrant_data_args(dir_); }
  static std::string run_args(const std::string& out, const std::string& extra = "") {
    return data() + " --model mlp --hidden 32 --epochs 60 --batch 8 --seed 7 --lr 0.003" + extra + kOneThread +
           " --no-progress --out " + (dir_ / out).string();
  }
  // The reference: the same run, never interrupted.
  static fs::path uninterrupted(const std::string& out = "reference", const std::string& extra = "") {
    const fs::path ckpt = dir_ / out / "checkpoint.ckpt";
    if (!fs::exists(ckpt)) {
      const auto r = test::run_command(test::dendrite_tool() + " train" + run_args(out, extra) + " --quiet");
      EXPECT_EQ(r.exit_code, 0) << r.output;
    }
    return ckpt;
  }
  // Interrupts a run with `signal` once its output shows `line`; returns the checkpoint written.
  static fs::path interrupted(const std::string& out, int signal, const std::string& line,
                              const std::string& extra = "") {
    test::TrainProcess p(test::split_words(run_args(out, extra)));
    EXPECT_TRUE(p.wait_for(line)) << p.output();
    p.send(signal);
    const int code = p.finish();
    const fs::path ckpt = dir_ / out / "checkpoint.ckpt";
    EXPECT_EQ(code, 130) << p.output();
    EXPECT_NE(p.output().find("interrupted: checkpoint written to " + ckpt.string()), std::string::npos)
        << p.output();
    const Checkpoint c = load_checkpoint(ckpt.string());
    EXPECT_LT(c.meta["training"]["epoch"].get<int>(), 60) << "the signal came after the end of training";
    return ckpt;
  }
  static inline std::unique_ptr<test::TempDir> data_;
  static inline fs::path dir_;
};

TEST_F(NeverLoseWork, SigintWritesACheckpointAndResumeMatchesAnUninterruptedRun) {
  const fs::path reference = uninterrupted();
  const fs::path ckpt = interrupted("sigint", SIGINT, "epoch 2/60");
  // The options (data, seed, batch, learning rate, epochs) come back from the checkpoint.
  const auto r = test::run_command(test::dendrite_tool() + " train --resume " + ckpt.string() + kOneThread +
                                   " --quiet --no-progress");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  expect_same_tensors(reference, ckpt);
}

TEST_F(NeverLoseWork, SigtermWritesACheckpointAndResumeMatchesAnUninterruptedRun) {
  const fs::path reference = uninterrupted();
  const fs::path ckpt = interrupted("sigterm", SIGTERM, "epoch 1/60");
  // Repeating options that agree with the checkpoint is fine.
  const auto r = test::run_command(test::dendrite_tool() + " train --resume " + ckpt.string() + data() +
                                   " --seed 7 --batch 8 --quiet --no-progress" + kOneThread);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  expect_same_tensors(reference, ckpt);
}

// A closed terminal or ssh session (SIGHUP) stops the run as SIGTERM does, checkpoint and all.
TEST_F(NeverLoseWork, SighupWritesACheckpointAndResumeMatchesAnUninterruptedRun) {
  const fs::path reference = uninterrupted();
  const fs::path ckpt = interrupted("sighup", SIGHUP, "epoch 1/60");
  const auto r = test::run_command(test::dendrite_tool() + " train --resume " + ckpt.string() + kOneThread +
                                   " --quiet --no-progress");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  expect_same_tensors(reference, ckpt);
}

// A step schedule after one warmup epoch, and early stopping that stops (at about epoch 14: the
// loss stops falling by min_delta after epoch 2) well after the signal (in epoch 5).
const std::string kProtocol =
    " --lr-schedule step --lr-step-size 3 --lr-gamma 0.5 --warmup-epochs 1 --early-stop 12 --min-delta 0.0005";

TEST_F(NeverLoseWork, ResumeWithScheduleAndEarlyStoppingMatchesAnUninterruptedRun) {
  const fs::path reference = uninterrupted("protocol-reference", kProtocol);
  const fs::path ckpt = interrupted("protocol", SIGINT, "epoch 4/60", kProtocol);
  const Checkpoint at_signal = load_checkpoint(ckpt.string());
  ASSERT_EQ(at_signal.meta["training"]["early_stopping"]["stopped"], false) << "the signal came after the stop";
  ASSERT_GT(at_signal.meta["training"]["early_stopping"]["best_epoch"].get<int>(), 0);
  const auto r = test::run_command(test::dendrite_tool() + " train --resume " + ckpt.string() + kOneThread +
                                   " --quiet --no-progress");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  expect_same_tensors(reference, ckpt);  // the restored best weights, the last ones, the optimizer
  const auto summary = [](const fs::path& c) {
    std::ifstream in(c.parent_path() / "summary.json");
    return nlohmann::json::parse(in);
  };
  const nlohmann::json a = summary(reference), b = summary(ckpt);
  EXPECT_EQ(a["stopped_early"], true);
  for (const char* key : {"epochs", "best_epoch", "stopped_early", "restored_best", "test_loss", "val_loss"})
    EXPECT_EQ(a[key], b[key]) << key;
  // The log of the resumed run: the same lrs and losses, epoch by epoch.
  const auto log = [](const fs::path& c) {
    std::ifstream in(c.parent_path() / "log.jsonl");
    std::vector<nlohmann::json> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
    return lines;
  };
  const std::vector<nlohmann::json> la = log(reference), lb = log(ckpt);
  ASSERT_EQ(la.size(), lb.size());
  for (std::size_t i = 0; i < la.size(); ++i)
    for (const char* key : {"lr", "train_loss", "val_loss"}) EXPECT_EQ(la[i][key], lb[i][key]) << key << " " << i;
  // best.ckpt holds the reference's best epoch's model.
  expect_same_tensors(reference.parent_path() / "best.ckpt", ckpt.parent_path() / "best.ckpt");
}

TEST_F(NeverLoseWork, NonFiniteLossStopsWithEpochAndBatchAndWritesNoCheckpoint) {
  const fs::path out = dir_ / "diverges";
  const auto r = test::run_command(test::dendrite_tool() + " train" + data() +
                                   " --model mlp --hidden 16 --epochs 2 --batch 64 --lr 1e30 --no-progress" + kOneThread + " --out " +
                                   out.string());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("at epoch 1, batch "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("stopping"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out / "checkpoint.ckpt")) << "no good weights existed yet";
}

TEST_F(NeverLoseWork, NonFiniteLossKeepsTheLastGoodCheckpoint) {
  const fs::path out = dir_ / "diverges-later";
  auto r = test::run_command(test::dendrite_tool() + " train" + data() +
                             " --model mlp --hidden 16 --epochs 1 --batch 64 --lr 0.01 --quiet --no-progress" + kOneThread + " --out " +
                             out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const fs::path ckpt = out / "checkpoint.ckpt";
  const std::string good = file_bytes(ckpt);
  // Continuing with an absurd learning rate: the loss turns non-finite in epoch 2.
  r = test::run_command(test::dendrite_tool() + " train --resume " + ckpt.string() +
                        " --epochs 3 --lr 1e30 --quiet --no-progress" + kOneThread);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("at epoch 2, batch "), std::string::npos) << r.output;
  EXPECT_EQ(file_bytes(ckpt), good) << "the last good checkpoint was replaced";
  EXPECT_NO_THROW(load_checkpoint(ckpt.string()));
}

}  // namespace
}  // namespace dendrite
