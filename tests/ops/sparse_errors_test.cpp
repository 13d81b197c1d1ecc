// Errors of the sparse ops: shape inference of dendritic and somatic names both shapes; the
// dendritic kernels (both backends) reject bad CSR indices, naming the op, the position and the
// value, once per new index tensor.
#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "framework/core/error.h"
#include "ops/op.h"
#include "tests/common/expect_error.h"
#include "tests/ops/op_harness.h"

namespace dendrite::test {
namespace {

TensorType f32t(Shape s) { return {std::move(s), DType::f32}; }
TensorType i32t(Shape s) { return {std::move(s), DType::i32}; }

// Shape inference of `op` on `in`, as a call for expect_error.
std::function<void()> inferring(const std::string& op, const std::vector<TensorType>& in) {
  return [=] { find_op(op).infer(in, {}); };
}

TEST(DendriticInfer, OutputType) {
  const auto out = find_op("dendritic").infer(
      {f32t({kBatch, 784}), f32t({2048}), f32t({128}), i32t({129}), i32t({2048})}, {});
  EXPECT_EQ(out.at(0), f32t({kBatch, 128}));
}

TEST(DendriticInfer, RowPtrLengthNamesBothShapes) {
  expect_error(inferring("dendritic", {f32t({kBatch, 784}), f32t({2048}), f32t({128}), i32t({128}), i32t({2048})}),
               {"dendritic", "row_ptr i32[128]", "f32[128]", "129"});
}

TEST(DendriticInfer, ColLengthMustMatchWeights) {
  expect_error(inferring("dendritic", {f32t({kBatch, 784}), f32t({2048}), f32t({128}), i32t({129}), i32t({2000})}),
               {"i32[2000]", "f32[2048]"});
}

TEST(DendriticInfer, IndexTensorsMustBeInt32) {
  expect_error(inferring("dendritic", {f32t({4, 10}), f32t({8}), f32t({2}), f32t({3}), i32t({8})}), {"row_ptr", "i32"});
}

TEST(SomaticInfer, WidthMismatchNamesBothShapes) {
  EXPECT_EQ(find_op("somatic").infer({f32t({kBatch, 128}), f32t({32, 4}), f32t({32})}, {}).at(0),
            f32t({kBatch, 32}));
  expect_error(inferring("somatic", {f32t({kBatch, 100}), f32t({32, 4}), f32t({32})}),
               {"somatic", "[N, 100]", "[32, 4]", "128"});
  expect_error(inferring("somatic", {f32t({kBatch, 128}), f32t({32, 4}), f32t({16})}), {"[16]", "[32, 4]"});
}

// A dendritic case with 3 outputs over 5 inputs: row_ptr {0, 2, 3, 5}, col {0, 4, 2, 1, 3}.
OpCase small_case(Tensor row_ptr, Tensor col) {
  const std::int64_t nnz = col.numel();
  const std::int64_t n_out = row_ptr.numel() - 1;
  return OpCase{"dendritic_small", "dendritic", {},
                {f32({2, 5}), f32({nnz}), f32({n_out}), given(std::move(row_ptr)), given(std::move(col))}};
}

// The small case's forward with these indices, as a call for expect_error.
std::function<void()> kernel_run(const std::vector<std::int32_t>& row_ptr, const std::vector<std::int32_t>& col,
                                 Backend backend) {
  const OpCase c = small_case(Tensor::from_i32({static_cast<std::int64_t>(row_ptr.size())}, row_ptr),
                              Tensor::from_i32({static_cast<std::int64_t>(col.size())}, col));
  auto run = std::make_shared<OpRunner>(c, backend);
  return [c, run] { run->forward(make_inputs(c, 1)); };
}

class DendriticIndexErrors : public ::testing::TestWithParam<Backend> {};

TEST_P(DendriticIndexErrors, ValidIndexRuns) {
  EXPECT_NO_THROW(kernel_run({0, 2, 3, 5}, {0, 4, 2, 1, 3}, GetParam())());
}

TEST_P(DendriticIndexErrors, ColumnOutOfRange) {
  expect_error(kernel_run({0, 2, 3, 5}, {0, 5, 2, 1, 3}, GetParam()), {"dendritic", "col[1] = 5", "[0, 5)"});
  expect_error(kernel_run({0, 2, 3, 5}, {0, 4, 2, 1, -3}, GetParam()), {"col[4] = -3"});
}

TEST_P(DendriticIndexErrors, RowPtrMustStartAtZero) {
  expect_error(kernel_run({1, 2, 3, 5}, {0, 4, 2, 1, 3}, GetParam()), {"dendritic", "row_ptr[0] must be 0, got 1"});
}

TEST_P(DendriticIndexErrors, RowPtrMustNotDecrease) {
  expect_error(kernel_run({0, 3, 2, 5}, {0, 4, 2, 1, 3}, GetParam()), {"row_ptr[2] = 2", "row_ptr[1] = 3"});
}

TEST_P(DendriticIndexErrors, RowPtrMustEndAtNnz) {
  expect_error(kernel_run({0, 2, 3, 4}, {0, 4, 2, 1, 3}, GetParam()), {"row_ptr[3]", "5", "got 4"});
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
