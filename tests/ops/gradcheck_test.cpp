// Mode (b) of the op test table: finite-difference gradient checks. For loss = sum(y * r) with a
// fixed random r, the backward of each backend (d_outputs = r) must match central differences
// (L(x + h) - L(x - h)) / (2h) for every differentiable input. Kernels run in f32; the loss and
// the differences are formed in double. Inputs larger than kMaxChecked elements are checked at
// a fixed random subset of positions. With DENDRITE_GRADCHECK_VERBOSE set in the environment,
// every check prints its relative error (to choose a row's grad_tolerance).
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numeric>

#include "tests/ops/op_harness.h"

namespace dendrite::test {
namespace {

constexpr std::int64_t kMaxChecked = 48;

// Finite differences run hundreds of tiny forward passes; on one thread they never wait at an
// OpenMP barrier for a thread the OS has descheduled (slow on a busy machine). The threaded
// paths of the kernels are covered by test_ops.
class OneThread : public ::testing::Environment {
 public:
  void SetUp() override { omp_set_num_threads(1); }
};
[[maybe_unused]] ::testing::Environment* const kOneThread =
    ::testing::AddGlobalTestEnvironment(new OneThread);

double loss(OpRunner& run, const std::vector<Tensor>& inputs, const std::vector<Tensor>& r) {
  const std::vector<Tensor> y = run.forward(inputs);
  double sum = 0.0;
  for (std::size_t k = 0; k < y.size(); ++k)
    for (std::int64_t i = 0; i < y[k].numel(); ++i) sum += double{y[k].f32()[i]} * r[k].f32()[i];
  return sum;
}

std::vector<std::int64_t> positions(std::int64_t numel, std::uint64_t seed) {
  std::vector<std::int64_t> all(static_cast<std::size_t>(numel));
  std::iota(all.begin(), all.end(), 0);
  if (numel <= kMaxChecked) return all;
  Rng rng(seed);
  rng.shuffle(all);
  all.resize(kMaxChecked);
  return all;
}

void gradcheck(const OpCase& c, Backend backend) {
  OpRunner run(c, backend);
  std::vector<Tensor> inputs = make_inputs(c, 3);
  const std::vector<Tensor> y = run.forward(inputs);
  const std::vector<Tensor> r = random_like(y, 11);
  const std::vector<Tensor> analytic = run.backward(inputs, y, r);

  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (!run.def().differentiable[i]) continue;
    float* x = inputs[i].f32();
    double max_err = 0.0, max_grad = 0.0;
    std::int64_t worst = -1;
    double worst_fd = 0.0, worst_an = 0.0;
    for (std::int64_t p : positions(inputs[i].numel(), 17 + i)) {
      const float saved = x[p];
      const float plus = static_cast<float>(saved + c.grad_step);
      const float minus = static_cast<float>(saved - c.grad_step);
      x[p] = plus;
      const double l_plus = loss(run, inputs, r);
      x[p] = minus;
      const double l_minus = loss(run, inputs, r);
      x[p] = saved;
      const double fd = (l_plus - l_minus) / (double{plus} - double{minus});
      const double an = analytic[i].f32()[p];
      max_grad = std::max(max_grad, std::abs(an));
      if (!(std::abs(fd - an) <= max_err)) {  // also catches NaN
        max_err = std::isnan(fd - an) ? INFINITY : std::abs(fd - an);
        worst = p;
        worst_fd = fd;
        worst_an = an;
      }
    }
    const double rel = max_err == 0.0 ? 0.0 : max_err / std::max(max_grad, 1e-6);
    if (std::getenv("DENDRITE_GRADCHECK_VERBOSE")) {
      std::printf("gradcheck %s input %zu: relative error %.3g\n", c.name.c_str(), i, rel);
    }
    EXPECT_LE(rel, c.grad_tolerance)
        << "input " << i << ": max |fd - analytic| = " << max_err << " (relative " << rel
        << ") at element " << worst << ": fd " << worst_fd << ", analytic " << worst_an
        << "; max |analytic| = " << max_grad;
  }
}

// The rows of the table that take part in gradient checks.
std::vector<OpCase> gradcheck_cases() {
  std::vector<OpCase> rows;
  for (const OpCase& c : op_cases())
    if (c.gradcheck) rows.push_back(c);
  return rows;
}

class GradCheck : public ::testing::TestWithParam<OpCase> {};

TEST_P(GradCheck, Optimized) { gradcheck(GetParam(), Backend::optimized); }
TEST_P(GradCheck, Reference) { gradcheck(GetParam(), Backend::reference); }

INSTANTIATE_TEST_SUITE_P(Cases, GradCheck, ::testing::ValuesIn(gradcheck_cases()), CaseName());

}  // namespace
}  // namespace dendrite::test
