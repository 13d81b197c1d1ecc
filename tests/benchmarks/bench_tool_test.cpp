// benchmarks/dendrite-bench end to end on a tiny IDX data set written by the test: the --summary
// JSON holds every measurement, ratio and target; bad options exit with 2 before any work; a
// summary that cannot be written is an error naming the file. Times are only checked to be
// positive: no test asserts a speed.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

#include "tests/common/synthetic_data.h"
#include "tests/common/tool_runner.h"

namespace dendrite {
namespace {

namespace fs = std::filesystem;

class BenchTool : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = testing_data::make_quadrant_data_dir(300, 80);
    dir_ = data_->path();
  }
  static void TearDownTestSuite() { data_.reset(); }
  static std::string data_args() { return testing_data::quadrant_data_args(dir_); }
  static test::CommandResult bench(const std::string& args) { return test::run_command(DENDRITE_BENCH_PATH + args); }
  static nlohmann::json read_json(const fs::path& p) {
    std::ifstream in(p);
    return nlohmann::json::parse(in);
  }
  static inline std::unique_ptr<test::TempDir> data_;
  static inline fs::path dir_;
};

TEST_F(BenchTool, QuickRunWritesEveryMeasurement) {
  const fs::path summary = dir_ / "bench.json";
  const auto r = bench(" --quick --models dann-grf,vann --sizes 4x8 --batch 32 --infer-batches 1,16 --threads 1"
                       " --profile-sizes 4x8 --summary " + summary.string() + data_args());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("dann-grf"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("sparse / masked"), std::string::npos) << r.output;
  const nlohmann::json j = read_json(summary);
  EXPECT_EQ(j.at("dataset"), "idx");
  EXPECT_EQ(j.at("train_samples_per_epoch"), 270);  // 300 minus the 10% validation split
  EXPECT_EQ(j.at("train_batch"), 32);
  EXPECT_EQ(j.at("timed_steps"), 3);
  ASSERT_EQ(j.at("results").size(), 3u);  // dann-grf sparse and masked, vann dense
  std::map<std::string, nlohmann::json> by_impl;
  for (const auto& e : j.at("results")) {
    EXPECT_EQ(e.at("dendrites"), 4);
    EXPECT_EQ(e.at("somata"), 8);
    EXPECT_GT(e.at("parameters").get<std::int64_t>(), 0);
    EXPECT_GT(e.at("train_samples_per_second").get<double>(), 0);
    for (const char* b : {"1", "16"}) {
      EXPECT_GT(e.at("inference_samples_per_second").at(b).get<double>(), 0) << e;
      EXPECT_GT(e.at("ort_no_plugin_samples_per_second").at(b).get<double>(), 0) << e;
    }
    by_impl[e.at("model").get<std::string>() + "/" + e.at("impl").get<std::string>()] = e;
  }
  ASSERT_EQ(by_impl.count("dann-grf/sparse"), 1u);
  ASSERT_EQ(by_impl.count("dann-grf/masked"), 1u);
  ASSERT_EQ(by_impl.count("vann/dense"), 1u);
  const nlohmann::json& sparse = by_impl["dann-grf/sparse"];
  EXPECT_EQ(sparse.at("parameters"), by_impl["dann-grf/masked"].at("parameters"));
  EXPECT_GT(sparse.at("ort_plugin_samples_per_second").at("16").get<double>(), 0);
  EXPECT_TRUE(by_impl["dann-grf/masked"].at("ort_plugin_samples_per_second").empty());  // plain Gemm
  // The fused dendritic-layer kernel against the unfused layers, in training and in ONNX Runtime
  // (the DendriticLayer file against the four-node one); one thread only: no one-thread rates.
  EXPECT_GT(sparse.at("train_unfused_samples_per_second").get<double>(), 0);
  EXPECT_EQ(sparse.at("train_one_thread_samples_per_second").get<double>(), 0);
  EXPECT_EQ(by_impl["dann-grf/masked"].at("train_unfused_samples_per_second").get<double>(), 0);
  for (const char* b : {"1", "16"}) {
    EXPECT_GT(sparse.at("ort_plugin_four_node_samples_per_second").at(b).get<double>(), 0);
    EXPECT_GT(sparse.at("ort_plugin_p50_seconds").at(b).get<double>(), 0);
    EXPECT_GT(sparse.at("ort_plugin_four_node_p50_seconds").at(b).get<double>(), 0);
  }
  // The step profile of the size asked for, with and without the fused kernel: the parts add up.
  for (const char* key : {"step_profile", "step_profile_unfused"}) {
    const nlohmann::json& p = sparse.at(key);
    double parts = 0;
    for (const char* part : {"gather_ms", "layers_ms", "output_layer_ms", "loss_ms", "optimizer_ms", "other_ms"}) {
      EXPECT_GE(p.at(part).get<double>(), 0) << key << " " << part;
      parts += p.at(part).get<double>();
    }
    EXPECT_GT(p.at("layers_ms").get<double>(), 0) << key;
    EXPECT_NEAR(parts, p.at("step_ms").get<double>(), 1e-3 * p.at("step_ms").get<double>() + 1e-6) << key;
  }
  EXPECT_FALSE(by_impl["dann-grf/masked"].contains("step_profile"));
  EXPECT_NE(r.output.find("step profile, fused layer kernel: step "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("DendriticLayer file / four-node file"), std::string::npos) << r.output;
  // --rss sparse (the default): child runs for the sparse and dense cases only.
  EXPECT_GT(sparse.at("peak_rss_bytes").get<std::int64_t>(), 1 << 20);
  EXPECT_GT(sparse.at("epoch_seconds").get<double>(), 0);
  EXPECT_GT(sparse.at("rss_bound_bytes").get<std::int64_t>(), 100 << 20);
  EXPECT_TRUE(by_impl["dann-grf/masked"].at("peak_rss_bytes").is_null());
  EXPECT_GT(by_impl["vann/dense"].at("peak_rss_bytes").get<std::int64_t>(), 1 << 20);
  ASSERT_EQ(j.at("ratios").size(), 1u);
  EXPECT_GT(j.at("ratios")[0].at("train_sparse_over_masked").get<double>(), 0);
  EXPECT_GT(j.at("ratios")[0].at("ort_plugin_over_function_bodies").at("16").get<double>(), 0);
  EXPECT_EQ(j.at("targets").size(), 4u);
}

TEST_F(BenchTool, OptionsAreCheckedBeforeAnyWork) {
  for (const char* bad : {" --sizes 16", " --sizes 0x4", " --models nope", " --impls dense",
                          " --infer-batches 1,x", " --rss some", " --steps 0", " --repeat 0",
                          " --profile-sizes 16", " --profile-sizes 16x0", " --steps 3 --steps 4"}) {
    const auto r = bench(bad + data_args());
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.output;
    EXPECT_EQ(r.output.rfind("dendrite-bench: ", 0), 0u) << bad << ": " << r.output;
  }
  const auto help = bench(" --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("--summary"), std::string::npos);
  EXPECT_NE(help.output.find("--tool"), std::string::npos);
}

// The peak-memory runs start `<tool> train`: a tool that cannot be run is named before any work,
// unless --rss none asks for no such run.
TEST_F(BenchTool, ToolThatCannotRunIsNamed) {
  const std::string missing = (dir_ / "no-dendrite").string();
  const std::string args = " --quick --models dann-grf --sizes 2x4 --batch 8 --infer-batches 1 --threads 1 --no-ort"
                           " --profile-sizes none --tool " + missing + data_args();
  const auto r = bench(args);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--tool '" + missing + "' cannot be run"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("parameters"), std::string::npos) << r.output;  // nothing was measured
  const auto without_rss = bench(args + " --rss none");
  EXPECT_EQ(without_rss.exit_code, 0) << without_rss.output;
  EXPECT_NE(without_rss.output.find("dann-grf"), std::string::npos) << without_rss.output;
}

// A full device: the progress lines and the table come first, then the summary's write fails.
TEST_F(BenchTool, SummaryOnAFullDeviceIsAnError) {
  const auto r = test::run_command(std::string("sh -c '") + DENDRITE_BENCH_PATH +
                                   " --quick --models dann-grf --sizes 2x4 --batch 8 --infer-batches 1 --threads 1"
                                   " --rss none --no-ort --summary /dev/full" + data_args() + " > /dev/null'");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("dendrite-bench: error: cannot write '/dev/full'"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("No space left on device"), std::string::npos) << r.output;
}

// The harness left the product: the dendrite tool has no bench subcommand.
TEST_F(BenchTool, TheToolHasNoBenchSubcommand) {
  const auto help = test::run_command(test::dendrite_tool() + " --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("\n  train "), std::string::npos) << help.output;  // the list of subcommands
  EXPECT_EQ(help.output.find("\n  bench "), std::string::npos) << help.output;
  EXPECT_EQ(test::run_command(test::dendrite_tool() + " bench --quick").exit_code, 2);
}

}  // namespace
}  // namespace dendrite
