// User-facing errors of the ops: shape inference names both shapes, bad attributes name the
// attribute and the value, run-time checks name the position and the value.
#include <gtest/gtest.h>

#include <functional>

#include "framework/core/error.h"
#include "ops/op.h"
#include "tests/common/expect_error.h"
#include "tests/ops/op_harness.h"

namespace dendrite::test {
namespace {

// Shape inference of `op` on `in`, as a call for expect_error.
std::function<void()> inferring(const std::string& op, const std::vector<TensorType>& in, const Attrs& attrs = {}) {
  return [=] { find_op(op).infer(in, attrs); };
}

TensorType f32t(Shape s) { return {std::move(s), DType::f32}; }
TensorType i32t(Shape s) { return {std::move(s), DType::i32}; }

TEST(DenseInfer, FeatureMismatchNamesBothShapes) {
  expect_error(inferring("dense", {f32t({kBatch, 784}), f32t({128, 100}), f32t({128})}),
               {"dense", "[N, 784]", "[128, 100]"});
}

TEST(DenseInfer, BiasMismatchNamesBothShapes) {
  expect_error(inferring("dense", {f32t({kBatch, 784}), f32t({128, 784}), f32t({64})}), {"[64]", "[128, 784]"});
}

TEST(DenseInfer, RankAndTypeErrors) {
  expect_error(inferring("dense", {f32t({784}), f32t({128, 784}), f32t({128})}), {"input x", "rank 2", "f32[784]"});
  expect_error(inferring("dense", {i32t({4, 784}), f32t({128, 784}), f32t({128})}), {"input x", "i32[4, 784]"});
}

TEST(DenseInfer, OutputType) {
  const auto out = find_op("dense").infer({f32t({kBatch, 784}), f32t({128, 784}), f32t({128})}, {});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], f32t({kBatch, 128}));
}

TEST(ActivationInfer, UnknownKindListsKnownKinds) {
  expect_error(inferring("activation", {f32t({kBatch, 4})}, {{"kind", std::string("swishy")}}),
               {"'swishy'", "relu", "leaky_relu", "softplus", "identity"});
  EXPECT_THROW(find_op("activation").make_kernel({{"kind", std::string("swishy")}}, Backend::optimized),
               Error);
}

TEST(ActivationInfer, MissingKindIsAnError) {
  expect_error(inferring("activation", {f32t({3})}), {"kind"});
}

TEST(SoftmaxCrossEntropyInfer, ScalarLossAndBatchMismatch) {
  const auto out = find_op("softmax_cross_entropy").infer({f32t({kBatch, 10}), i32t({kBatch})}, {});
  EXPECT_EQ(out[0], f32t({}));
  expect_error(inferring("softmax_cross_entropy", {f32t({8, 10}), i32t({7})}), {"[8, 10]", "[7]"});
  expect_error(inferring("softmax_cross_entropy", {f32t({8, 10}), f32t({8})}), {"labels", "i32"});
}

TEST(SoftmaxCrossEntropyKernel, LabelOutOfRangeNamesIndexAndValue) {
  for (Backend backend : {Backend::optimized, Backend::reference}) {
    OpCase c{"sce", "softmax_cross_entropy", {}, {f32({3, 4}), labels({3}, 4)}};
    OpRunner run(c, backend);
    std::vector<Tensor> in = make_inputs(c, 1);
    in[1].i32()[2] = 4;
    expect_error([&] { run.forward(in); }, {"label 4", "index 2", "[0, 4)"});
    in[1].i32()[2] = -1;
    EXPECT_THROW(run.forward(in), Error);
  }
}

TEST(DropoutAttrs, PMustBeInZeroOne) {
  for (double p : {1.0, -0.1, 1.5}) {
    expect_error(inferring("dropout", {f32t({4})}, {{"p", p}}), {"p must be in [0, 1)"});
    EXPECT_THROW(find_op("dropout").make_kernel({{"p", p}}, Backend::optimized), Error);
  }
  expect_error(inferring("dropout", {f32t({4})}), {"'p'"});
}

TEST(OpRegistry, UnknownOpListsKnownOps) {
  expect_error([] { find_op("densee"); }, {"densee", "dense", "activation", "softmax_cross_entropy", "dropout"});
}

TEST(OpRegistry, EveryOpIsConsistent) {
  for (const std::string& name : op_names()) {
    const OpDef& def = find_op(name);
    EXPECT_EQ(def.name, name);
    EXPECT_EQ(static_cast<int>(def.differentiable.size()), def.num_inputs) << name;
    EXPECT_TRUE(def.infer != nullptr) << name;
    EXPECT_TRUE(def.make_kernel != nullptr) << name;
  }
}

}  // namespace
}  // namespace dendrite::test
