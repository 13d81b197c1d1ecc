// The JSON Lines log (framework/train/run_log.h): one line per epoch record plus the model name,
// appended after every epoch, and rewritten from a checkpoint's history when a run resumes.
#include "framework/train/run_log.h"

#include <gtest/gtest.h>


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
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Checkpoint with_history(nlohmann::json history) {
  Checkpoint c;
  c.path = "run/checkpoint.ckpt";
  c.meta = {{"model", {{"name", "dann-r"}}}, {"training", {{"epoch", history.size()}, {"history", history}}}};
  return c;
}

class RunLog : public ::testing::Test {
 protected:
  test::TempDir tmp_;
  const std::string path_ = tmp_.file("log.jsonl");
};

TEST_F(RunLog, AppendedLinesAreTheRecordPlusTheModel) {
  append_epoch_log(path_, {{"epoch", 1}, {"train_loss", 0.5}}, "mlp");
  append_epoch_log(path_, {{"epoch", 2}, {"train_loss", 0.25}}, "mlp");
  EXPECT_EQ(read_text(path_), "{\"epoch\":1,\"model\":\"mlp\",\"train_loss\":0.5}\n"
                              "{\"epoch\":2,\"model\":\"mlp\",\"train_loss\":0.25}\n");
}

TEST_F(RunLog, RewriteLeavesExactlyTheCheckpointsEpochs) {
  for (int e = 1; e <= 3; ++e) append_epoch_log(path_, {{"epoch", e}}, "dann-r");  // one epoch too many
  const nlohmann::json history = {{{"epoch", 1}, {"val_loss", 0.1}}, {{"epoch", 2}, {"val_loss", 0.05}}};
  rewrite_epoch_log(path_, with_history(history));
  EXPECT_EQ(read_text(path_), epoch_log_line(history[0], "dann-r") + epoch_log_line(history[1], "dann-r"));
  rewrite_epoch_log(path_, with_history(nlohmann::json::array()));
  EXPECT_EQ(read_text(path_), "");
}

TEST_F(RunLog, ACheckpointWithoutHistoryOrModelNameIsNamed) {
  Checkpoint no_history = with_history(nlohmann::json::array());
  no_history.meta["training"].erase("history");
  expect_error([&] { rewrite_epoch_log(path_, no_history); },
               {"checkpoint 'run/checkpoint.ckpt' records no training history"});
  Checkpoint no_model = with_history(nlohmann::json::array());
  no_model.meta.erase("model");
  expect_error([&] { rewrite_epoch_log(path_, no_model); }, {"checkpoint 'run/checkpoint.ckpt' records no model name"});
  expect_error([&] { rewrite_epoch_log(path_, with_history({7})); }, {"a training history entry is 7, not an object"});
}

TEST_F(RunLog, AFullDeviceIsAnErrorNamingTheLog) {
  expect_error([&] { append_epoch_log("/dev/full", {{"epoch", 1}}, "mlp"); },
               {"cannot append to the log '/dev/full': No space left on device"});
}

}  // namespace
}  // namespace dendrite
