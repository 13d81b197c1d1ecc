// Bad inputs to the plugin's kernels: each one a clear error naming the node and the problem,
// delivered as a dendrite::Error that also names the model file (OrtModel), never a crash.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "export/onnx_export.h"
#include "export/runtime/ort_model.h"
#include "tests/common/expect_error.h"
#include "tests/export/export_test_util.h"
#include "tests/plugin/plugin_test_util.h"

namespace dendrite {
namespace {

using namespace plugin_test;
using export_test::random_inputs;

// Loads the model with the plugin and runs a batch of 4: expect_error for that, whose message
// must also name the file.
void expect_run_error(const onnx::ModelProto& proto, const std::string& file_name, std::vector<std::string> parts,
                      const char* file = __builtin_FILE(), int line = __builtin_LINE()) {
  const std::string path = save_model(proto, file_name);
  const std::int64_t width = proto.graph().input(0).type().tensor_type().shape().dim(1).dim_value();
  const Tensor x = random_inputs(4, width, 1);
  parts.push_back(path);
  test::expect_error(
      [&] {
        OrtModel m(path, /*use_plugin=*/true, 1);
        m.run(x.f32(), 4);
      },
      parts, file, line);
}

// The Dendritic case below, with initializer `i` (0 W, 1 B, 2 indptr, 3 indices) replaced.
onnx::ModelProto dendritic_with(const DendriticCase& c, int i, const onnx::TensorProto& t) {
  onnx::ModelProto m = c.model();
  *m.mutable_graph()->mutable_initializer(i) = t;
  return m;
}

class PluginErrors : public ::testing::Test {
 protected:
  const DendriticCase c_ = DendriticCase::random(/*n_in=*/8, /*n_out=*/5, /*seed=*/7);
  const std::int64_t nnz_ = static_cast<std::int64_t>(c_.w.size());
};

TEST_F(PluginErrors, WrongDtypeOfWeights) {
  const std::vector<double> w(c_.w.begin(), c_.w.end());
  expect_run_error(dendritic_with(c_, 0, double_tensor("W", {nnz_}, w)), "w-double.onnx",
                   {"Dendritic node 'dend0': input W must be float, got double"});
}

TEST_F(PluginErrors, WrongDtypeOfIndices) {
  const std::vector<float> idx(c_.indices.begin(), c_.indices.end());
  expect_run_error(dendritic_with(c_, 3, float_tensor("indices", {nnz_}, idx)), "idx-float.onnx",
                   {"Dendritic node 'dend0': input indices must be int32 or int64, got float"});
}

TEST_F(PluginErrors, WrongRank) {
  expect_run_error(dendritic_with(c_, 0, float_tensor("W", {nnz_, 1}, c_.w)), "w-rank2.onnx",
                   {"Dendritic node 'dend0': input W must have rank 1, got shape [" +
                        std::to_string(nnz_) + ", 1]"});
}

TEST_F(PluginErrors, IndexOutOfRange) {
  std::vector<std::int32_t> idx = c_.indices;
  idx[2] = 8;  // n_in = 8
  expect_run_error(dendritic_with(c_, 3, int32_tensor("indices", idx)), "idx-range.onnx",
                   {"Dendritic node 'dend0'", "col[2] = 8 is not an input index in [0, 8)"});
  idx[2] = -1;
  expect_run_error(dendritic_with(c_, 3, int32_tensor("indices", idx)), "idx-negative.onnx",
                   {"col[2] = -1 is not an input index in [0, 8)"});
  std::vector<std::int64_t> idx64(c_.indices.begin(), c_.indices.end());
  idx64[1] = 5'000'000'000;  // beyond int32: must not wrap around to a valid index
  expect_run_error(dendritic_with(c_, 3, int64_tensor("indices", idx64)), "idx-int64.onnx",
                   {"col[1] = 5000000000 is not an input index in [0, 8)"});
}

TEST_F(PluginErrors, IndptrNotMonotone) {
  std::vector<std::int32_t> ptr = c_.indptr;
  ASSERT_GT(ptr[1], 0);  // row 0 has connections
  ptr[2] = 0;
  expect_run_error(dendritic_with(c_, 2, int32_tensor("indptr", ptr)), "ptr-order.onnx",
                   {"Dendritic node 'dend0'", "row_ptr must not decrease, but row_ptr[2] = 0 < row_ptr[1]"});
  ptr = c_.indptr;
  ptr.back() += 1;
  expect_run_error(dendritic_with(c_, 2, int32_tensor("indptr", ptr)), "ptr-end.onnx",
                   {"must equal the number of connections"});
  ptr = c_.indptr;
  ptr[0] = 1;
  expect_run_error(dendritic_with(c_, 2, int32_tensor("indptr", ptr)), "ptr-start.onnx",
                   {"row_ptr[0] must be 0, got 1"});
}

TEST_F(PluginErrors, IndptrWrongLength) {
  std::vector<std::int32_t> ptr = c_.indptr;
  ptr.pop_back();
  expect_run_error(dendritic_with(c_, 2, int32_tensor("indptr", ptr)), "ptr-length.onnx",
                   {"Dendritic node 'dend0': indptr [5] must have n_out + 1 = 6 entries for B [5]"});
}

TEST_F(PluginErrors, WeightsAndIndicesDifferInLength) {
  std::vector<float> w = c_.w;
  w.push_back(1.0f);
  expect_run_error(dendritic_with(c_, 0, float_tensor("W", {nnz_ + 1}, w)), "w-length.onnx",
                   {"Dendritic node 'dend0': W [" + std::to_string(nnz_ + 1) + "] and indices [" +
                        std::to_string(nnz_) + "] must have the same length"});
}

TEST_F(PluginErrors, UnnamedNodeIsNamedByItsOutput) {
  std::vector<std::int32_t> idx = c_.indices;
  idx[0] = 100;
  onnx::ModelProto m = dendritic_with(c_, 3, int32_tensor("indices", idx));
  m.mutable_graph()->mutable_node(0)->clear_name();
  expect_run_error(m, "unnamed.onnx", {"Dendritic node producing 'logits'"});
}

// The shape rule is the spec's (ops/somatic_shape.h): ONNX shape inference (dendrite inspect's
// check) gives the plugin's words, with the batch as the symbol N instead of the run's 4.
void expect_check_error(const onnx::ModelProto& m, const std::vector<std::string>& parts,
                        const char* file = __builtin_FILE(), int line = __builtin_LINE()) {
  test::expect_error([&] { check_onnx_model(m); }, parts, file, line);
}

TEST(PluginSomaticErrors, ShapesMustAgree) {
  const SomaticCase c = SomaticCase::random(/*S=*/4, /*D=*/3, 8);
  onnx::ModelProto wide = c.model();  // X has 12 columns; W [4, 2] wants 8
  *wide.mutable_graph()->mutable_initializer(0) = float_tensor("W", {4, 2}, std::vector<float>(8, 1.0f));
  expect_run_error(wide, "somatic-width.onnx",
                   {"Somatic node 'soma0': X [4, 12] must have S * D = 4 * 2 = 8 columns for W [4, 2]"});
  expect_check_error(wide, {"Somatic: X [N, 12] must have S * D = 4 * 2 = 8 columns for W [4, 2]"});
  onnx::ModelProto bias = c.model();
  *bias.mutable_graph()->mutable_initializer(1) = float_tensor("B", {3}, {0, 0, 0});
  const std::string bias_message = "B [3] must have one entry per soma, W [4, 3] has S = 4";
  expect_run_error(bias, "somatic-bias.onnx", {"Somatic node 'soma0': " + bias_message});
  expect_check_error(bias, {"Somatic: " + bias_message});
  onnx::ModelProto rank = c.model();
  *rank.mutable_graph()->mutable_initializer(0) = float_tensor("W", {12}, c.w);
  expect_run_error(rank, "somatic-rank.onnx", {"input W must have rank 2, got shape [12]"});
  expect_check_error(rank, {"Somatic: input W must have rank 2, got shape [12]"});
}

TEST_F(PluginErrors, OnnxShapeInferenceGivesThePluginsWords) {
  std::vector<std::int32_t> ptr = c_.indptr;
  ptr.pop_back();
  expect_check_error(dendritic_with(c_, 2, int32_tensor("indptr", ptr)),
                     {"Dendritic: indptr [5] must have n_out + 1 = 6 entries for B [5] (n_out = 5)"});
}

TEST(PluginLoadErrors, MissingPluginAndBadFilesNameThePath) {
  const std::string model = save_model(DendriticCase::random(8, 5, 9).model(), "plugin-path.onnx");
  ::setenv("DENDRITE_ORT_PLUGIN", "/nonexistent/libdendrite_ort_plugin.so", 1);
  test::expect_error([&] { OrtModel(model, true, 1); }, {"/nonexistent/libdendrite_ort_plugin.so"});
  ::unsetenv("DENDRITE_ORT_PLUGIN");

  const std::string garbage = scratch_path("garbage.onnx");
  std::ofstream(garbage) << "not a protobuf";
  test::expect_error([&] { OrtModel(garbage, true, 1); }, {garbage, "cannot load"});
  test::expect_error([&] { OrtModel("/nonexistent/model.onnx", true, 1); },
                     {"'/nonexistent/model.onnx' does not exist"});
}

}  // namespace
}  // namespace dendrite
