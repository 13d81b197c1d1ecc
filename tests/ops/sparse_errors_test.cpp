// Errors of the sparse ops: shape inference of dendritic and somatic names both shapes; the
// dendritic kernels (both backends) reject bad CSR indices, naming the op, the position and the
// value, once per new index tensor.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "framework/core/error.h"
#include "ops/op.h"
#include "tests/ops/op_harness.h"

namespace dendrite::test {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

TensorType f32t(Shape s) { return {std::move(s), DType::f32}; }
TensorType i32t(Shape s) { return {std::move(s), DType::i32}; }

std::string infer_error(const std::string& op, const std::vector<TensorType>& in) {
  try {
    find_op(op).infer(in, {});
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(DendriticInfer, OutputType) {
  const auto out = find_op("dendritic").infer(
      {f32t({kBatch, 784}), f32t({2048}), f32t({128}), i32t({129}), i32t({2048})}, {});
  EXPECT_EQ(out.at(0), f32t({kBatch, 128}));
}

TEST(DendriticInfer, RowPtrLengthNamesBothShapes) {
  EXPECT_THAT(infer_error("dendritic", {f32t({kBatch, 784}), f32t({2048}), f32t({128}),
                                        i32t({128}), i32t({2048})}),
              AllOf(HasSubstr("dendritic"), HasSubstr("row_ptr i32[128]"), HasSubstr("f32[128]"),
                    HasSubstr("129")));
}

TEST(DendriticInfer, ColLengthMustMatchWeights) {
  EXPECT_THAT(infer_error("dendritic", {f32t({kBatch, 784}), f32t({2048}), f32t({128}),
                                        i32t({129}), i32t({2000})}),
              AllOf(HasSubstr("i32[2000]"), HasSubstr("f32[2048]")));
}

TEST(DendriticInfer, IndexTensorsMustBeInt32) {
  EXPECT_THAT(infer_error("dendritic", {f32t({4, 10}), f32t({8}), f32t({2}), f32t({3}), i32t({8})}),
              AllOf(HasSubstr("row_ptr"), HasSubstr("i32")));
}

TEST(SomaticInfer, WidthMismatchNamesBothShapes) {
  EXPECT_EQ(find_op("somatic").infer({f32t({kBatch, 128}), f32t({32, 4}), f32t({32})}, {}).at(0),
            f32t({kBatch, 32}));
  EXPECT_THAT(infer_error("somatic", {f32t({kBatch, 100}), f32t({32, 4}), f32t({32})}),
              AllOf(HasSubstr("somatic"), HasSubstr("[N, 100]"), HasSubstr("[32, 4]"),
                    HasSubstr("128")));
  EXPECT_THAT(infer_error("somatic", {f32t({kBatch, 128}), f32t({32, 4}), f32t({16})}),
              AllOf(HasSubstr("[16]"), HasSubstr("[32, 4]")));
}

// A dendritic case with 3 outputs over 5 inputs: row_ptr {0, 2, 3, 5}, col {0, 4, 2, 1, 3}.
OpCase small_case(Tensor row_ptr, Tensor col) {
  const std::int64_t nnz = col.numel();
  const std::int64_t n_out = row_ptr.numel() - 1;
  return OpCase{"dendritic_small", "dendritic", {},
                {f32({2, 5}), f32({nnz}), f32({n_out}), given(std::move(row_ptr)), given(std::move(col))}};
}

std::string kernel_error(const std::vector<std::int32_t>& row_ptr,
                         const std::vector<std::int32_t>& col, Backend backend) {
  const OpCase c = small_case(
      Tensor::from_i32({static_cast<std::int64_t>(row_ptr.size())}, row_ptr),
      Tensor::from_i32({static_cast<std::int64_t>(col.size())}, col));
  OpRunner run(c, backend);
  try {
    run.forward(make_inputs(c, 1));
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

class DendriticIndexErrors : public ::testing::TestWithParam<Backend> {};

TEST_P(DendriticIndexErrors, ValidIndexRuns) {
  EXPECT_EQ(kernel_error({0, 2, 3, 5}, {0, 4, 2, 1, 3}, GetParam()), "no error");
}

TEST_P(DendriticIndexErrors, ColumnOutOfRange) {
  EXPECT_THAT(kernel_error({0, 2, 3, 5}, {0, 5, 2, 1, 3}, GetParam()),
              AllOf(HasSubstr("dendritic"), HasSubstr("col[1] = 5"), HasSubstr("[0, 5)")));
  EXPECT_THAT(kernel_error({0, 2, 3, 5}, {0, 4, 2, 1, -3}, GetParam()),
              HasSubstr("col[4] = -3"));
}

TEST_P(DendriticIndexErrors, RowPtrMustStartAtZero) {
  EXPECT_THAT(kernel_error({1, 2, 3, 5}, {0, 4, 2, 1, 3}, GetParam()),
              AllOf(HasSubstr("dendritic"), HasSubstr("row_ptr[0] must be 0, got 1")));
}

TEST_P(DendriticIndexErrors, RowPtrMustNotDecrease) {
  EXPECT_THAT(kernel_error({0, 3, 2, 5}, {0, 4, 2, 1, 3}, GetParam()),
              AllOf(HasSubstr("row_ptr[2] = 2"), HasSubstr("row_ptr[1] = 3")));
}

TEST_P(DendriticIndexErrors, RowPtrMustEndAtNnz) {
  EXPECT_THAT(kernel_error({0, 2, 3, 4}, {0, 4, 2, 1, 3}, GetParam()),
              AllOf(HasSubstr("row_ptr[3]"), HasSubstr("5"), HasSubstr("got 4")));
}

// Validation happens once per index tensor: a new tensor is checked, the same tensor is not
// checked again (see NOTE [index tensors are immutable] in ops/csr_index.h).
TEST_P(DendriticIndexErrors, ValidatesOncePerIndexTensor) {
  const OpCase c = small_case(Tensor::from_i32({4}, {0, 2, 3, 5}), Tensor::from_i32({5}, {0, 4, 2, 1, 3}));
  OpRunner run(c, GetParam());
  std::vector<Tensor> in = make_inputs(c, 1);
  run.forward(in);
  // Changed in place (to an invalid index that is still memory-safe: row 0 skips connection 0):
  // the kernel keeps trusting the tensor it validated.
  in[3].i32()[0] = 1;
  EXPECT_NO_THROW(run.forward(in));
  in[3].i32()[0] = 0;
  in[4] = Tensor::from_i32({5}, {0, 4, 2, 1, 99});  // a new tensor is validated
  EXPECT_THROW(run.forward(in), Error);
  in[4] = Tensor::from_i32({5}, {0, 4, 2, 1, 3});
  EXPECT_NO_THROW(run.forward(in));
}

INSTANTIATE_TEST_SUITE_P(Backends, DendriticIndexErrors,
                         ::testing::Values(Backend::optimized, Backend::reference),
                         [](const ::testing::TestParamInfo<Backend>& p) {
                           return p.param == Backend::optimized ? "optimized" : "reference";
                         });

}  // namespace
}  // namespace dendrite::test
