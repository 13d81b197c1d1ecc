// User-facing errors of the ops: shape inference names both shapes, bad attributes name the
// attribute and the value, run-time checks name the position and the value.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "framework/core/error.h"
#include "ops/op.h"
#include "tests/ops/op_harness.h"

namespace dendrite::test {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

std::string infer_error(const std::string& op, const std::vector<TensorType>& in,
                        const Attrs& attrs = {}) {
  try {
    find_op(op).infer(in, attrs);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TensorType f32t(Shape s) { return {std::move(s), DType::f32}; }
TensorType i32t(Shape s) { return {std::move(s), DType::i32}; }

TEST(DenseInfer, FeatureMismatchNamesBothShapes) {
  const std::string msg = infer_error("dense", {f32t({kBatch, 784}), f32t({128, 100}), f32t({128})});
  EXPECT_THAT(msg, AllOf(HasSubstr("dense"), HasSubstr("[N, 784]"), HasSubstr("[128, 100]")));
}

TEST(DenseInfer, BiasMismatchNamesBothShapes) {
  const std::string msg = infer_error("dense", {f32t({kBatch, 784}), f32t({128, 784}), f32t({64})});
  EXPECT_THAT(msg, AllOf(HasSubstr("[64]"), HasSubstr("[128, 784]")));
}

TEST(DenseInfer, RankAndTypeErrors) {
  EXPECT_THAT(infer_error("dense", {f32t({784}), f32t({128, 784}), f32t({128})}),
              AllOf(HasSubstr("input x"), HasSubstr("rank 2"), HasSubstr("f32[784]")));
  EXPECT_THAT(infer_error("dense", {i32t({4, 784}), f32t({128, 784}), f32t({128})}),
              AllOf(HasSubstr("input x"), HasSubstr("i32[4, 784]")));
}

TEST(DenseInfer, OutputType) {
  const auto out = find_op("dense").infer({f32t({kBatch, 784}), f32t({128, 784}), f32t({128})}, {});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], f32t({kBatch, 128}));
}

TEST(ActivationInfer, UnknownKindListsKnownKinds) {
  const std::string msg = infer_error("activation", {f32t({kBatch, 4})}, {{"kind", std::string("swishy")}});
  EXPECT_THAT(msg, AllOf(HasSubstr("'swishy'"), HasSubstr("relu"), HasSubstr("leaky_relu"),
                         HasSubstr("softplus"), HasSubstr("identity")));
  EXPECT_THROW(find_op("activation").make_kernel({{"kind", std::string("swishy")}}, Backend::optimized),
               Error);
}

TEST(ActivationInfer, MissingKindIsAnError) {
  EXPECT_THAT(infer_error("activation", {f32t({3})}), HasSubstr("kind"));
}

TEST(SoftmaxCrossEntropyInfer, ScalarLossAndBatchMismatch) {
  const auto out = find_op("softmax_cross_entropy").infer({f32t({kBatch, 10}), i32t({kBatch})}, {});
  EXPECT_EQ(out[0], f32t({}));
  EXPECT_THAT(infer_error("softmax_cross_entropy", {f32t({8, 10}), i32t({7})}),
              AllOf(HasSubstr("[8, 10]"), HasSubstr("[7]")));
  EXPECT_THAT(infer_error("softmax_cross_entropy", {f32t({8, 10}), f32t({8})}),
              AllOf(HasSubstr("labels"), HasSubstr("i32")));
}

TEST(SoftmaxCrossEntropyKernel, LabelOutOfRangeNamesIndexAndValue) {
  for (Backend backend : {Backend::optimized, Backend::reference}) {
    OpCase c{"sce", "softmax_cross_entropy", {}, {f32({3, 4}), labels({3}, 4)}};
    OpRunner run(c, backend);
    std::vector<Tensor> in = make_inputs(c, 1);
    in[1].i32()[2] = 4;
    try {
      run.forward(in);
      ADD_FAILURE() << "expected an error";
    } catch (const Error& e) {
      EXPECT_THAT(e.what(), AllOf(HasSubstr("label 4"), HasSubstr("index 2"), HasSubstr("[0, 4)")));
    }
    in[1].i32()[2] = -1;
    EXPECT_THROW(run.forward(in), Error);
  }
}

TEST(DropoutAttrs, PMustBeInZeroOne) {
  for (double p : {1.0, -0.1, 1.5}) {
    EXPECT_THAT(infer_error("dropout", {f32t({4})}, {{"p", p}}), HasSubstr("p must be in [0, 1)"));
    EXPECT_THROW(find_op("dropout").make_kernel({{"p", p}}, Backend::optimized), Error);
  }
  EXPECT_THAT(infer_error("dropout", {f32t({4})}), HasSubstr("'p'"));
}

TEST(OpRegistry, UnknownOpListsKnownOps) {
  try {
    find_op("densee");
    ADD_FAILURE() << "expected an error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("densee"), HasSubstr("dense"), HasSubstr("activation"),
                                HasSubstr("softmax_cross_entropy"), HasSubstr("dropout")));
  }
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
