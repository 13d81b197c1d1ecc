// A store filled before the run configuration had a type of its own (RunConfig) is resumed
// without training anything again when its runs are asked for as they were made: the run keys
// (SHA-256 of the canonical configuration, the data's content hash and the version) are the same.
// Those runs held out the last samples for validation (--validation-split last); under the default
// stratified split their results differ, so the same grid without the rule is five new runs beside
// the old ones, which stay as they are. tests/corpus/store/pre-runconfig.db was written by
// `dendrite sweep` of that time on the quadrant data below, with kGrid (its command is in
// tests/corpus/store/README.md).
#include <filesystem>
#include <fstream>

#include "tests/tools/sweep_test_util.h"

namespace dendrite {
namespace {

namespace fs = std::filesystem;

// An mlp and a dANN under Adam and SGD, a step schedule with early stopping, the input stage, the
// plateau schedule with warmup: between them every option of the canonical form.
const char* const kGrid = R"({"fixed": {"epochs": 1, "validation_split": "last"}, "extra": [{"model": "mlp", "hidden": "8"},
  {"model": "dann-r", "dendrites": 2, "somata": 4, "synapses": 4, "optimizer": "sgd", "momentum": 0.5},
  {"model": "dann-lrf", "dendrites": 2, "somata": 4, "synapses": 4, "dendrite_activation": "relu"},
  {"model": "mlp", "hidden": "8", "normalize": "global", "lr_schedule": "step", "lr_step_size": 1,
   "early_stop": 2, "restore_best": false},
  {"model": "mlp", "hidden": "8", "lr_schedule": "plateau", "warmup_epochs": 1, "lr_patience": 0}]})";

class SweepOldStore : public test::SweepToolTest {};

TEST_F(SweepOldStore, IsResumedWithNothingRetrained) {
  const fs::path old = fs::path(DENDRITE_CORPUS_DIR) / "store" / "pre-runconfig.db";
  ASSERT_TRUE(fs::exists(old)) << old;
  fs::copy_file(old, store_);
  std::ofstream(dir_ / "grid.json") << kGrid;
  const std::vector<std::string> keys_before = column("SELECT run_key FROM runs ORDER BY run_key");
  const std::vector<std::string> finished_before = column("SELECT finished_at FROM runs ORDER BY run_key");
  ASSERT_EQ(keys_before.size(), 5u);
  ASSERT_EQ(count("status = 'done'"), 5);

  const test::CommandResult r = sweep("--grid-file " + (dir_ / "grid.json").string() + " --jobs 1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("nothing to run"), std::string::npos) << r.output;
  EXPECT_EQ(column("SELECT run_key FROM runs ORDER BY run_key"), keys_before) << "no new run keys";
  EXPECT_EQ(column("SELECT finished_at FROM runs ORDER BY run_key"), finished_before) << "nothing trained again";
  EXPECT_EQ(count("status = 'done'"), 5);
}

TEST_F(SweepOldStore, TheDefaultSplitIsNewRunsBesideTheOldOnes) {
  fs::copy_file(fs::path(DENDRITE_CORPUS_DIR) / "store" / "pre-runconfig.db", store_);
  std::string grid = kGrid;
  const std::string rule = R"(, "validation_split": "last")";
  grid.erase(grid.find(rule), rule.size());
  std::ofstream(dir_ / "grid.json") << grid;
  const std::vector<std::string> keys_before = column("SELECT run_key FROM runs ORDER BY run_key");
  const test::CommandResult r = sweep("--grid-file " + (dir_ / "grid.json").string() + " --dry-run");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("nothing to run"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("5 new"), std::string::npos) << r.output;
  EXPECT_EQ(column("SELECT run_key FROM runs ORDER BY run_key"), keys_before) << "the old runs are kept";
}

}  // namespace
}  // namespace dendrite
