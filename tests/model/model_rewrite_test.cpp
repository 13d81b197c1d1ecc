// Models rewritten or refilled (framework/model/model_rewrite.h): rebuilt with other options,
// densified, and filled by name from a source, with the errors a bad source gets.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "framework/core/error.h"
#include "framework/graph/executor.h"
#include "framework/model/model_rewrite.h"
#include "framework/model/variants.h"
#include "tests/common/expect_error.h"
#include "tests/common/relative_error.h"
#include "tests/common/small_model.h"
#include "tests/common/small_training.h"
#include "tests/common/synthetic_data.h"

namespace dendrite {
namespace {

using test::expect_error;
using test::max_relative_error;
using test::small_spec;
using testing_data::ops_of;
using testing_data::train_steps;

Tensor logits_of(Model& m, const Tensor& x) {
  Executor exec(m.graph, {Backend::optimized, {m.logits}});
  exec.set_input(m.x, x);
  exec.forward(/*training=*/false);
  return exec.value(m.logits).clone();
}

// Every parameter and constant of `m` by name (shared storage).
std::map<std::string, Tensor> tensors_of(const Model& m) {
  std::map<std::string, Tensor> out;
  for (const Value& v : m.graph.values())
    if (v.kind == ValueKind::parameter || v.kind == ValueKind::constant) out[v.name] = v.data;
  return out;
}

TensorLookup lookup_in(const std::map<std::string, Tensor>& tensors) {
  return [&tensors](const std::string& name) -> std::optional<Tensor> {
    const auto it = tensors.find(name);
    if (it == tensors.end()) return std::nullopt;
    return it->second;
  };
}

TEST(RebuildModel, SwitchesTheImplementationAndKeepsTheValues) {
  Model sparse = build_model(small_spec("dann-grf"));
  const Dataset data = testing_data::quadrant_blobs(64, 2);
  train_steps(sparse, data, 2);  // values that differ from a fresh build
  const Model masked = rebuild_model(sparse, {SparseImpl::masked});
  const Model back = rebuild_model(masked, {});
  EXPECT_EQ(ops_of(back), ops_of(sparse));
  EXPECT_NE(ops_of(masked), ops_of(sparse));
  for (const Model* m : {&masked, &back}) {
    for (const Value& v : sparse.graph.values()) {
      if (v.kind != ValueKind::parameter && v.kind != ValueKind::constant) continue;
      const Value& w = m->graph.value(m->graph.find(v.name));
      EXPECT_TRUE(w.data.bitwise_equal(v.data)) << v.name;
      EXPECT_NE(w.data.raw(), v.data.raw()) << v.name << ": copied, not shared";
    }
  }
}

TEST(DensifiedModel, DenseLayersWithTheMaskedWeightsGiveTheSameLogits) {
  const Dataset data = testing_data::quadrant_blobs(32, 4);
  for (const char* variant : {"dann-r", "dann-grf", "sann", "pdann"}) {
    Model m = build_model(small_spec(variant));
    train_steps(m, data, 2);
    Model dense = densified_model(m);
    for (const std::string& op : ops_of(dense)) {
      EXPECT_NE(op, "dendritic") << variant;
      EXPECT_NE(op, "somatic") << variant;
    }
    EXPECT_GT(dense.parameter_count(), m.parameter_count()) << variant << ": the zeros are stored";
    EXPECT_LT(max_relative_error(logits_of(dense, data.images), logits_of(m, data.images)), 1e-5) << variant;
  }
  // A model without sparse layers is copied as it is.
  Model vann = build_model(small_spec("vann"));
  EXPECT_EQ(ops_of(densified_model(vann)), ops_of(vann));
}

TEST(HasSparseLayers, AnySparseInputOrSomaMask) {
  for (const char* variant : {"dann-r", "dann-lrf", "dann-grf", "pdann", "sann", "vann-r", "psann"})
    EXPECT_TRUE(has_sparse_layers(small_spec(variant))) << variant;
  for (const char* variant : {"mlp", "vann"}) EXPECT_FALSE(has_sparse_layers(small_spec(variant))) << variant;
}

TEST(CopyTensorsByName, FillsEveryParameterAndConstant) {
  Model trained = build_model(small_spec("dann-r"));
  train_steps(trained, testing_data::quadrant_blobs(48, 3), 2);
  Model fresh = build_model(small_spec("dann-r"));
  const auto source = tensors_of(trained);
  copy_tensors_by_name(fresh, {"'trained'"}, lookup_in(source));
  for (const auto& [name, t] : tensors_of(fresh)) EXPECT_TRUE(t.bitwise_equal(source.at(name))) << name;
}

TEST(CopyTensorsByName, ErrorsNameTheSourceTheEntryAndWhatTheModelNeeds) {
  Model m = build_model(small_spec("dann-r"));
  auto tensors = tensors_of(build_model(small_spec("dann-r")));
  tensors.erase("output.bias");
  expect_error([&] { copy_tensors_by_name(m, {"'f.onnx'", "initializer"}, lookup_in(tensors)); },
               {"'f.onnx': no initializer 'output.bias' for the model 'dann-r' (it needs f32[4])"});
  tensors["output.bias"] = Tensor({5});
  expect_error([&] { copy_tensors_by_name(m, {"'f.ckpt'"}, lookup_in(tensors)); },
               {"'f.ckpt': tensor 'output.bias' is f32[5], the model needs f32[4]"});
  tensors["output.bias"] = Tensor({4});
  // Other connectivity: compared when the constants must match, copied otherwise.
  ModelSpec reseeded = small_spec("dann-r");
  reseeded.seed = 99;
  const Model other = build_model(reseeded);
  const Tensor other_col = other.graph.value(other.graph.find("layer0.dendrites.col")).data;
  ASSERT_EQ(other_col.shape(), tensors.at("layer0.dendrites.col").shape());
  tensors["layer0.dendrites.col"] = other_col;
  expect_error([&] { copy_tensors_by_name(m, {"'f.ckpt'", "tensor", true}, lookup_in(tensors)); },
               {"'f.ckpt': tensor 'layer0.dendrites.col' differs from the model's"});
  copy_tensors_by_name(m, {"'f.ckpt'"}, lookup_in(tensors));
  EXPECT_TRUE(m.graph.value(m.graph.find("layer0.dendrites.col")).data.bitwise_equal(other_col));
}

}  // namespace
}  // namespace dendrite
