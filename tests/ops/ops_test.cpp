// Mode (a) of the op test table: the optimized kernel against the reference kernel, forward
// and every gradient, plus repeatability and kernel reuse across batch sizes.
#include <gtest/gtest.h>

#include "tests/common/relative_error.h"
#include "tests/ops/op_harness.h"

namespace dendrite::test {
namespace {

class OpTable : public ::testing::TestWithParam<OpCase> {};

// Runs forward and backward through both backends on the same inputs and compares.
void expect_backends_agree(const OpCase& c, OpRunner& opt, OpRunner& ref,
                           const std::vector<Tensor>& inputs, const std::string& label) {
  const std::vector<Tensor> y_opt = opt.forward(inputs);
  const std::vector<Tensor> y_ref = ref.forward(inputs);
  ASSERT_EQ(y_opt.size(), y_ref.size());
  for (std::size_t k = 0; k < y_opt.size(); ++k) {
    EXPECT_LE(max_relative_error(y_opt[k], y_ref[k]), c.tolerance)
        << label << ": output " << k << " differs";
  }
  const std::vector<Tensor> d_y = random_like(y_ref, 99);
  const std::vector<Tensor> d_opt = opt.backward(inputs, y_opt, d_y);
  const std::vector<Tensor> d_ref = ref.backward(inputs, y_ref, d_y);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (!opt.def().differentiable[i]) continue;
    EXPECT_LE(max_relative_error(d_opt[i], d_ref[i]), c.tolerance)
        << label << ": gradient of input " << i << " differs";
  }
}

TEST_P(OpTable, OptimizedMatchesReference) {
  const OpCase& c = GetParam();
  OpRunner opt(c, Backend::optimized);
  OpRunner ref(c, Backend::reference);
  const std::vector<Tensor> inputs = make_inputs(c, 1);
  expect_backends_agree(c, opt, ref, inputs, "full batch");

  // The same kernel objects on a smaller batch, then the full batch again: kernels that cache
  // per shape must pick the right entry each time.
  if (c.batched.empty()) return;
  const std::int64_t batch = inputs[static_cast<std::size_t>(c.batched[0])].dim(0);
  if (batch < 2) return;
  expect_backends_agree(c, opt, ref, take_rows(c, inputs, batch / 2), "partial batch");
  expect_backends_agree(c, opt, ref, inputs, "full batch again");
}

TEST_P(OpTable, OptimizedIsRepeatable) {
  const OpCase& c = GetParam();
  OpRunner opt(c, Backend::optimized);
  const std::vector<Tensor> inputs = make_inputs(c, 2);
  const std::vector<Tensor> y1 = opt.forward(inputs);
  const std::vector<Tensor> d_y = random_like(y1, 5);
  const std::vector<Tensor> d1 = opt.backward(inputs, y1, d_y);
  const std::vector<Tensor> y2 = opt.forward(inputs);
  const std::vector<Tensor> d2 = opt.backward(inputs, y2, d_y);
  for (std::size_t k = 0; k < y1.size(); ++k) EXPECT_TRUE(y1[k].bitwise_equal(y2[k])) << "output " << k;
  for (std::size_t i = 0; i < d1.size(); ++i) {
    if (opt.def().differentiable[i]) {
      EXPECT_TRUE(d1[i].bitwise_equal(d2[i])) << "gradient " << i;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, OpTable, ::testing::ValuesIn(op_cases()), CaseName());

}  // namespace
}  // namespace dendrite::test
