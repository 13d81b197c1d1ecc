// `dendrite train` end to end on a small IDX data set written by the test: every model variant
// trains and writes its summary; bad options exit with 2 before any work, bad files name themselves.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <unistd.h>
#include <fstream>

#include <nlohmann/json.hpp>

#include "framework/core/rng.h"
#include "framework/core/version.h"
#include "framework/data/idx.h"
#include "framework/model/variants.h"
#include "tests/common/synthetic_data.h"
#include "tests/common/tool_runner.h"

namespace dendrite {
namespace {

namespace fs = std::filesystem;

// 8x8 images of 4 classes (a bright quadrant), as u8 IDX files.
class TrainTool : public ::testing::Test {
 protected:
  static void TearDownTestSuite() { data_.reset(); }
  static void SetUpTestSuite() {
    data_ = testing_data::make_quadrant_data_dir(400, 100);
    dir_ = data_->path();
  }
  static std::string data_args() { return testing_data::quadrant_data_args(dir_); }
  static test::CommandResult train(const std::string& args) {
    return test::run_command(test::dendrite_tool() + " train" + args);
  }
  static inline std::unique_ptr<test::TempDir> data_;
  static inline fs::path dir_;
};

TEST_F(TrainTool, EveryVariantTrainsAndWritesItsSummary) {
  for (const std::string& model : variant_names()) {
    const fs::path out = dir_ / ("run-" + model);
    fs::remove_all(out);
    // Each model gets the options it reads (others are a usage error).
    const std::string sizes = model == "mlp" ? " --hidden 16"
                              : variant_uses(model, "synapses") ? " --dendrites 4 --somata 16 --synapses 4"
                                                                : " --dendrites 4 --somata 16";
    const auto r = train(data_args() + " --model " + model + sizes + " --epochs 2 --batch 32 --lr 0.01"
                         " --no-progress --out " + out.string());
    ASSERT_EQ(r.exit_code, 0) << model << "\n" << r.output;
    std::ifstream in(out / "summary.json");
    const auto j = nlohmann::json::parse(in);
    EXPECT_EQ(j["model"], model);
    EXPECT_EQ(j["epochs"], 2);
    EXPECT_GT(j["params"].get<std::int64_t>(), 0);
    EXPECT_GT(j["test_accuracy"].get<double>(), 0.5) << model << ": the task is easy";
    EXPECT_EQ(j["framework_version"], framework_version());
    for (const char* key : {"test_loss", "seconds_per_epoch", "train_samples_per_second"}) EXPECT_TRUE(j.contains(key)) << key;
    if (model != "mlp") {
      EXPECT_EQ(j["dendrites"], 4);
      EXPECT_EQ(j["somata"], 16);
      if (variant_uses(model, "synapses")) {
        EXPECT_EQ(j["synapses"], 4);
      }
      EXPECT_EQ(j["dendrite_activation"], "leaky_relu(0.1)");
    }
    // One log line per epoch, and a checkpoint.
    std::ifstream log(out / "log.jsonl");
    int lines = 0;
    for (std::string line; std::getline(log, line);) ++lines;
    EXPECT_EQ(lines, 2) << model;
    EXPECT_TRUE(fs::exists(out / "checkpoint.ckpt")) << model;
  }
}

TEST_F(TrainTool, VersionIsTheBuildsVersion) {
  const auto r = test::run_command(test::dendrite_tool() + " --version");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, std::string("dendrite ") + framework_version() + "\n");
}

TEST_F(TrainTool, ResumeContinuesFromTheCheckpoint) {
  const fs::path out = dir_ / "resume";
  fs::remove_all(out);
  auto r = train(data_args() + " --model dann-grf --dendrites 4 --somata 4 --synapses 4 --epochs 1 --no-progress --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // A fresh run into the same folder would overwrite it: refused.
  r = train(data_args() + " --model dann-r --epochs 1 --no-progress --out " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--overwrite"), std::string::npos) << r.output;
  r = train(data_args() + " --epochs 2 --no-progress --resume " + (out / "checkpoint.ckpt").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(out / "summary.json");
  const auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j["epochs"], 2);
  EXPECT_EQ(j["model"], "dann-grf");
}

TEST_F(TrainTool, BadOptionsExitWithTwoAndAOneLineMessage) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {" --model dann-q", "unknown model 'dann-q'"},
      {" --epochs 0", "--epochs"},
      {" --batch -5", "--batch"},
      {" --lr -1", "lr"},
      {" --optimizer rmsprop", "rmsprop"},
      {" --activation swoosh", "swoosh"},
      {" --hidden 12,x", "'x'"},
      {" --model dann-r --dendrite-activation 'leaky_relu(-1)'", "leaky_relu(-1)"},
      {" --validation 1.5", "--validation"},
      {" --no-such-flag", "no-such-flag"},
      {" --dataset cifar-100", "not both"},
  };
  for (const auto& [args, needle] : cases) {
    const auto r = train(data_args() + args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.output;
    EXPECT_NE(r.output.find(needle), std::string::npos) << args << "\n" << r.output;
    EXPECT_LE(std::count(r.output.begin(), r.output.end(), '\n'), 1) << args << "\n" << r.output;
  }
  // IDX paths must come as a complete set.
  const auto partial = train(" --test-images " + (dir_ / "test-images").string());
  EXPECT_EQ(partial.exit_code, 2) << partial.output;
  // --resume takes the model from the checkpoint.
  const auto conflict = train(data_args() + " --resume x.ckpt --model dann-r");
  EXPECT_EQ(conflict.exit_code, 2) << conflict.output;
}

TEST_F(TrainTool, MissingOrBadFilesAreNamed) {
  const std::string out = " --no-progress --out " + (dir_ / "bad-files").string();
  const std::string missing = (dir_ / "nope-images").string();
  auto r = train(" --train-images " + missing + " --train-labels " + (dir_ / "train-labels").string() +
                 " --test-images " + (dir_ / "test-images").string() + " --test-labels " + (dir_ / "test-labels").string() + out);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find(missing), std::string::npos) << r.output;
  // Training images and labels of different lengths (400 images, 100 labels).
  testing_data::write_quadrant_idx(dir_.string(), "short", 100, 3);
  r = train(" --train-images " + (dir_ / "train-images").string() + " --train-labels " + (dir_ / "short-labels").string() +
            " --test-images " + (dir_ / "test-images").string() + " --test-labels " + (dir_ / "test-labels").string() + out);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("400"), std::string::npos) << r.output;
  const auto bad_resume = train(data_args() + " --resume " + missing + out);
  EXPECT_EQ(bad_resume.exit_code, 1) << bad_resume.output;
  EXPECT_NE(bad_resume.output.find(missing), std::string::npos) << bad_resume.output;
}

// --impl masked (the paper's reference computation: dense layers with the 0/1 mask) trains the same
// model to the same loss up to rounding, and exports the sparse layers too.
TEST_F(TrainTool, MaskedImplMatchesSparse) {
  nlohmann::json summaries[2];
  const char* impls[2] = {"sparse", "masked"};
  for (int i = 0; i < 2; ++i) {
    const fs::path out = dir_ / (std::string("train-") + impls[i]);
    const auto r = train(" --model dann-grf --dendrites 4 --somata 8 --epochs 2 --batch 32 --threads 1 --quiet"
                         " --no-progress --impl " + std::string(impls[i]) + " --out " + out.string() +
                         " --export " + (out / "model.onnx").string() + data_args());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    std::ifstream summary(out / "summary.json");
    summaries[i] = nlohmann::json::parse(summary);
    EXPECT_EQ(summaries[i].at("impl"), impls[i]);
    EXPECT_TRUE(fs::exists(out / "model.onnx"));  // the masked run exports the sparse layers too
  }
  EXPECT_NEAR(summaries[1].at("test_loss").get<double>(), summaries[0].at("test_loss").get<double>(), 1e-4);
  EXPECT_EQ(summaries[1].at("params"), summaries[0].at("params"));
  EXPECT_EQ(train(" --impl dense" + data_args()).exit_code, 2);
}

}  // namespace
}  // namespace dendrite
