// The exported files in ONNX Runtime WITHOUT the dendrite plugin: ORT inlines the model-local
// function bodies of the ai.dendrite ops (onnx_functions.h), so this checks that those bodies,
// and every other op mapping, compute what the framework computes.
#include <gtest/gtest.h>

#include <onnxruntime_cxx_api.h>

#include <algorithm>
#include <cmath>

#include "export/onnx_export.h"
#include "ops/activation_table.h"
#include "tests/export/export_test_util.h"

namespace dendrite {
namespace {

using namespace export_test;

Ort::Env& ort_env() {
  static Ort::Env env(ORT_LOGGING_LEVEL_WARNING, "dendrite-export-test");
  return env;
}

// Runs the model in ORT; returns {logits, probabilities}.
std::vector<std::vector<float>> run_in_ort(const onnx::ModelProto& proto, const Tensor& x) {
  std::string bytes;
  proto.SerializeToString(&bytes);
  Ort::SessionOptions options;
  options.SetIntraOpNumThreads(1);
  Ort::Session session(ort_env(), bytes.data(), bytes.size(), options);
  Ort::MemoryInfo cpu = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
  const std::vector<std::int64_t> shape = x.shape();
  Ort::Value input = Ort::Value::CreateTensor<float>(cpu, const_cast<float*>(x.f32()), static_cast<std::size_t>(x.numel()),
                                                     shape.data(), shape.size());
  const char* input_names[] = {"x"};
  const char* output_names[] = {"logits", "probabilities"};
  std::vector<Ort::Value> out = session.Run(Ort::RunOptions{nullptr}, input_names, &input, 1, output_names, 2);
  std::vector<std::vector<float>> result;
  for (Ort::Value& v : out) {
    const auto info = v.GetTensorTypeAndShapeInfo();
    const float* p = v.GetTensorData<float>();
    result.emplace_back(p, p + info.GetElementCount());
  }
  return result;
}

void expect_same_in_ort(Model& m) {
  const ModelSpec& spec = m.spec;
  SCOPED_TRACE(spec.name);
  const Tensor x = random_inputs(7, spec.input_size(), 5);
  const Tensor expected = logits_of(m, x);
  const auto got = run_in_ort(export_model(m), x);
  ASSERT_EQ(got[0].size(), static_cast<std::size_t>(expected.numel()));
  float max_diff = 0;
  for (std::int64_t i = 0; i < expected.numel(); ++i)
    max_diff = std::max(max_diff, std::abs(got[0][static_cast<std::size_t>(i)] - expected.f32()[i]));
  EXPECT_LE(max_diff, 1e-5f);
  // Probabilities: softmax of each row of the framework's logits.
  const std::int64_t classes = spec.classes;
  for (std::int64_t n = 0; n < x.dim(0); ++n) {
    const float* row = expected.f32() + n * classes;
    const float top = *std::max_element(row, row + classes);
    double sum = 0;
    for (std::int64_t c = 0; c < classes; ++c) sum += std::exp(double{row[c]} - top);
    for (std::int64_t c = 0; c < classes; ++c)
      EXPECT_NEAR(got[1][static_cast<std::size_t>(n * classes + c)], std::exp(double{row[c]} - top) / sum, 1e-6);
  }
}

void expect_same_in_ort(const ModelSpec& spec) {
  Model m = build_model(spec);
  expect_same_in_ort(m);
}

TEST(OnnxRuntime, MlpWithEveryActivation) { expect_same_in_ort(mlp_every_activation()); }

// The ONNX form of every row of the activation table (ops/activation_table.h), kind by kind and
// with a second alpha for the kinds that take one: written as the row's nodes, accepted by the
// checker (strict shape inference), and computing in ONNX Runtime what the framework computes.
TEST(OnnxRuntime, EveryActivationRowAlone) {
  for (const ActivationRow& row : kActivationTable) {
    std::vector<double> alphas{-1.0};  // the default
    if (row.uses_alpha) alphas.push_back(0.3);
    for (const double alpha : alphas) {
      ModelSpec spec = mlp_every_activation();
      spec.name = std::string("mlp-") + row.name;
      spec.layers.resize(1);
      spec.layers[0].dropout = 0;
      spec.layers[0].activation = ActivationSpec{row.name, alpha};
      SCOPED_TRACE(spec.layers[0].activation.str());
      Model m = build_model(spec);
      const onnx::ModelProto proto = export_model(m);
      EXPECT_NO_THROW(check_onnx_model(proto));
      // The row's nodes, in order: a Constant per constant, then the steps.
      std::vector<std::string> expected;
      for (const OnnxConstant& c : row.onnx.constants)
        if (c.name) expected.push_back("Constant");
      for (const OnnxStep& step : row.onnx.steps)
        if (step.op) expected.push_back(step.op);
      ASSERT_FALSE(expected.empty()) << "the row has no ONNX form";
      std::vector<std::string> written;
      for (const onnx::NodeProto& n : proto.graph().node()) written.push_back(n.op_type());
      EXPECT_NE(std::search(written.begin(), written.end(), expected.begin(), expected.end()), written.end());
      expect_same_in_ort(m);
    }
  }
}

TEST(OnnxRuntime, EveryDendriticVariantThroughFunctionBodies) {
  for (const std::string& v : dendritic_variants()) expect_same_in_ort(small_variant(v));
  for (const char* v : {"dann-lrf", "sann-grf"}) expect_same_in_ort(small_variant(v, 2));
}

// Empty units (no connection) at the start, middle and end of the CSR rows: the function body's
// row-id reconstruction must place every weight in its own row.
TEST(OnnxRuntime, DendriticWithEmptyRows) {
  Model m = build_model(small_variant("dann-r"));
  Value& rp = m.graph.value(m.graph.find("layer0.dendrites.row_ptr"));
  Value& col = m.graph.value(m.graph.find("layer0.dendrites.col"));
  const std::int64_t n_out = rp.data.numel() - 1, nnz = col.data.numel();
  // Units 0, 1, 5 and the last two get nothing; the others share the nnz connections evenly,
  // each reading consecutive inputs (ascending, distinct).
  std::vector<std::int64_t> counts(static_cast<std::size_t>(n_out), 0);
  std::vector<std::int64_t> filled;
  for (std::int64_t j = 0; j < n_out; ++j)
    if (j != 0 && j != 1 && j != 5 && j < n_out - 2) filled.push_back(j);
  for (std::int64_t e = 0; e < nnz; ++e)
    ++counts[static_cast<std::size_t>(filled[static_cast<std::size_t>(e) % filled.size()])];
  std::int32_t* p = rp.data.i32();
  p[0] = 0;
  for (std::int64_t j = 0; j < n_out; ++j) p[j + 1] = p[j] + static_cast<std::int32_t>(counts[static_cast<std::size_t>(j)]);
  for (std::int64_t j = 0; j < n_out; ++j)
    for (std::int32_t e = p[j]; e < p[j + 1]; ++e) col.data.i32()[e] = static_cast<std::int32_t>((j * 3 + (e - p[j])) % 64);
  // Fewer than 64 per row, so the columns of a row are distinct; sorted, they ascend.
  for (std::int64_t j = 0; j < n_out; ++j) std::sort(col.data.i32() + p[j], col.data.i32() + p[j + 1]);
  expect_same_in_ort(m);
}

}  // namespace
}  // namespace dendrite
