// End to end: `dendrite run` on an exported model and a small IDX data set written here: the
// summary JSON, the predictions file (the framework's argmax, sample by sample), --no-plugin,
// and the exit codes of bad options and mismatched data.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "export/onnx_export.h"
#include "export/runtime/ort_profile.h"
#include "framework/core/error.h"
#include "framework/core/rng.h"
#include "framework/data/idx.h"
#include "framework/train/metrics.h"
#include "tests/export/export_test_util.h"
#include "tests/plugin/plugin_test_util.h"
#include "tests/common/temp_dir.h"
#include "tests/common/tool_runner.h"

namespace dendrite {
namespace {

namespace fs = std::filesystem;

test::CommandResult run_tool(const std::string& args) {
  return test::run_command(test::dendrite_tool() + " run " + args);
}

std::vector<std::string> lines_of(const fs::path& p) {
  std::ifstream in(p);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

class RunCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    // 23 grey 8x8 images (batch 7: three full batches and a partial one), labels 0..2.
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(kSamples * 64)), labels;
    Rng rng(5);
    for (auto& p : pixels) p = static_cast<std::uint8_t>(rng.below(256));
    for (std::int64_t i = 0; i < kSamples; ++i) labels.push_back(static_cast<std::uint8_t>(i % 3));
    write_idx_u8((dir_ / "images").string(), {kSamples, 8, 8}, pixels);
    write_idx_u8((dir_ / "labels").string(), {kSamples}, labels);
    Tensor x({kSamples, 64});
    for (std::size_t i = 0; i < pixels.size(); ++i) x.f32()[i] = pixels[i] / 255.0f;

    Model model = build_model(export_test::small_variant("dann-grf"));
    model_path_ = (dir_ / "model.onnx").string();
    save_onnx(export_model(model), model_path_);
    append_argmax(export_test::logits_of(model, x), expected_);
  }

  std::string data_args() const {
    return "--test-images '" + (dir_ / "images").string() + "' --test-labels '" + (dir_ / "labels").string() + "'";
  }

  static constexpr std::int64_t kSamples = 23;
  const test::TempDir temp_;
  const fs::path dir_ = temp_.path();
  std::string model_path_;
  std::vector<std::int32_t> expected_;  // the framework's predictions
};

TEST_F(RunCommand, SummaryAndPredictions) {
  for (bool plugin : {true, false}) {
    SCOPED_TRACE(plugin ? "plugin" : "no plugin");
    const fs::path summary = dir_ / "summary.json", predictions = dir_ / "predictions.txt";
    const test::CommandResult r = run_tool("'" + model_path_ + "' " + data_args() + " --batch 7 --threads 1 --summary '" +
                                 summary.string() + "' --predictions '" + predictions.string() + "'" +
                                 (plugin ? "" : " --no-plugin"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, ::testing::HasSubstr("accuracy"));

    const nlohmann::json j = nlohmann::json::parse(export_test::read_bytes(summary));
    EXPECT_EQ(j.at("model"), model_path_);
    EXPECT_EQ(j.at("plugin"), plugin);
    EXPECT_EQ(j.at("batch"), 7);
    EXPECT_EQ(j.at("threads"), 1);
    EXPECT_EQ(j.at("samples"), kSamples);
    std::int64_t correct = 0;
    for (std::int64_t i = 0; i < kSamples; ++i) correct += expected_[static_cast<std::size_t>(i)] == i % 3;
    EXPECT_DOUBLE_EQ(j.at("accuracy").get<double>(), static_cast<double>(correct) / kSamples);
    EXPECT_GT(j.at("loss").get<double>(), 0.0);
    EXPECT_GT(j.at("samples_per_second").get<double>(), 0.0);
    const double mean = j.at("latency_ms_mean"), p50 = j.at("latency_ms_p50"), p99 = j.at("latency_ms_p99");
    EXPECT_GT(mean, 0.0);
    EXPECT_LE(p50, p99);

    const std::vector<std::string> lines = lines_of(predictions);
    ASSERT_EQ(lines.size(), static_cast<std::size_t>(kSamples));
    for (std::size_t i = 0; i < lines.size(); ++i) EXPECT_EQ(lines[i], std::to_string(expected_[i])) << "sample " << i;
  }
}

// --profile: ORT's trace is written, and the table names the custom ops and their calls (one
// warm-up run plus four batches of 7 over 23 samples).
TEST_F(RunCommand, ProfileListsTheTimePerOpType) {
  for (bool plugin : {true, false}) {
    SCOPED_TRACE(plugin ? "plugin" : "no plugin");
    const test::CommandResult r = run_tool("'" + model_path_ + "' " + data_args() + " --batch 7 --threads 1 --profile '" +
                                           (dir_ / "trace").string() + "'" + (plugin ? "" : " --no-plugin"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, ::testing::HasSubstr("ONNX Runtime profile: " + (dir_ / "trace_").string()));
    if (plugin) {
      EXPECT_THAT(r.output, ::testing::ContainsRegex("Dendritic +5 "));
      EXPECT_THAT(r.output, ::testing::ContainsRegex("Somatic +5 "));
    } else {
      EXPECT_THAT(r.output, ::testing::Not(::testing::HasSubstr("Dendritic ")));  // inlined function bodies
    }
    std::size_t traces = 0;
    for (const auto& entry : fs::directory_iterator(dir_)) {
      if (entry.path().filename().string().rfind("trace_", 0) != 0) continue;
      ++traces;
      EXPECT_FALSE(ort_op_times(entry.path().string()).empty());
      fs::remove(entry.path());
    }
    EXPECT_EQ(traces, 1u);
  }
  EXPECT_THROW(ort_op_times((dir_ / "missing.json").string()), Error);
  std::ofstream((dir_ / "not-a-trace.json").string()) << "{\"cat\": 1}";
  EXPECT_THROW(ort_op_times((dir_ / "not-a-trace.json").string()), Error);
}

TEST_F(RunCommand, BadOptionsExitWithTwo) {
  EXPECT_EQ(run_tool("'" + model_path_ + "' " + data_args() + " --batch 0").exit_code, 2);
  EXPECT_EQ(run_tool("'" + model_path_ + "' --test-images '" + (dir_ / "images").string() + "'").exit_code, 2);
  EXPECT_EQ(run_tool("'" + (dir_ / "missing.onnx").string() + "' " + data_args()).exit_code, 2);
}

TEST_F(RunCommand, InputWidthMismatchIsReported) {
  std::vector<std::uint8_t> pixels(3 * 49, 7), labels = {0, 1, 2};
  write_idx_u8((dir_ / "small-images").string(), {3, 7, 7}, pixels);
  write_idx_u8((dir_ / "small-labels").string(), {3}, labels);
  const test::CommandResult r = run_tool("'" + model_path_ + "' --test-images '" + (dir_ / "small-images").string() +
                               "' --test-labels '" + (dir_ / "small-labels").string() + "'");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, ::testing::HasSubstr("takes 64 features per sample"));
  EXPECT_THAT(r.output, ::testing::HasSubstr("has 49"));
}

}  // namespace
}  // namespace dendrite
