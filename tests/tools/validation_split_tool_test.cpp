// `dendrite train`'s validation split on a file ordered by class: the default (stratified) rule
// trains on every class and gives the run the same file shuffled gives, bit for bit; the old rule
// (--validation-split last) warns that the file is ordered and names the class left out.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/common/synthetic_data.h"
#include "tests/common/temp_dir.h"
#include "tests/common/tool_runner.h"

namespace dendrite {
namespace {

namespace fs = std::filesystem;

nlohmann::json read_json(const fs::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
}

class ValidationSplitTool : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<test::TempDir>();
    const std::string d = dir_->path().string();
    const Dataset shuffled = testing_data::quadrant_blobs(200, 1);
    Dataset sorted = shuffled;
    sorted.images = shuffled.images.clone();
    sorted.labels = shuffled.labels.clone();
    sort_by_class(sorted);
    testing_data::write_idx_dataset(d, "shuffled", shuffled);
    testing_data::write_idx_dataset(d, "sorted", sorted);
    testing_data::write_quadrant_idx(d, "test", 60, 2);
  }
  static void TearDownTestSuite() { dir_.reset(); }

  // `dendrite train` on the training files <name>-*, into the folder <out>.
  static test::CommandResult train(const std::string& name, const std::string& out, const std::string& args = "") {
    const fs::path d = dir_->path();
    return test::run_command(test::dendrite_tool() + " train --train-images " + (d / (name + "-images")).string() +
                             " --train-labels " + (d / (name + "-labels")).string() + " --test-images " +
                             (d / "test-images").string() + " --test-labels " + (d / "test-labels").string() +
                             " --model dann-r --dendrites 2 --somata 8 --synapses 8 --epochs 2 --batch 16 --lr 0.02 "
                             "--validation 0.25 --threads 1 --quiet --no-progress --out " +
                             (d / out).string() + args);
  }
  static inline std::unique_ptr<test::TempDir> dir_;
};

TEST_F(ValidationSplitTool, ClassSortedFileTrainsAsTheShuffledFile) {
  const test::CommandResult sorted = train("sorted", "run-sorted");
  const test::CommandResult shuffled = train("shuffled", "run-shuffled");
  ASSERT_EQ(sorted.exit_code, 0) << sorted.output;
  ASSERT_EQ(shuffled.exit_code, 0) << shuffled.output;
  EXPECT_EQ(sorted.output.find("warning"), std::string::npos) << sorted.output;
  const nlohmann::json a = read_json(dir_->path() / "run-sorted" / "summary.json");
  const nlohmann::json b = read_json(dir_->path() / "run-shuffled" / "summary.json");
  ASSERT_TRUE(a.is_object() && b.is_object());
  for (const char* key : {"train_loss", "train_accuracy", "val_loss", "val_accuracy", "test_loss", "test_accuracy"})
    EXPECT_EQ(a[key], b[key]) << key << ": same data, same split, same bits";
  // Every epoch's metrics (times aside) in the logs.
  std::ifstream log_a(dir_->path() / "run-sorted" / "log.jsonl"), log_b(dir_->path() / "run-shuffled" / "log.jsonl");
  std::string line_a, line_b;
  int epochs = 0;
  while (std::getline(log_a, line_a) && std::getline(log_b, line_b)) {
    const nlohmann::json ea = nlohmann::json::parse(line_a), eb = nlohmann::json::parse(line_b);
    for (const char* key : {"train_loss", "val_loss", "val_accuracy"}) EXPECT_EQ(ea[key], eb[key]) << key;
    ++epochs;
  }
  EXPECT_EQ(epochs, 2);
  EXPECT_GT(a["val_accuracy"].get<double>(), 0.5) << "the validation set holds every class, and they are learnt";
}

TEST_F(ValidationSplitTool, LastSplitOfASortedFileWarns) {
  const test::CommandResult r = train("sorted", "run-last", " --validation-split last");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("warning: the training labels of"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("ordered by class and --validation-split last"), std::string::npos) << r.output;
  const test::CommandResult bad = train("sorted", "run-bad", " --validation-split random");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("--validation-split"), std::string::npos) << bad.output;
}

}  // namespace
}  // namespace dendrite
