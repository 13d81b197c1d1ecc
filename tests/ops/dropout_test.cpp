// dropout: eval is the identity; training drops about a fraction p, scales the rest by
// 1/(1-p), backward uses the forward's mask, and one seed always gives one mask.
#include <gtest/gtest.h>

#include "tests/ops/op_harness.h"

namespace dendrite::test {
namespace {

OpCase dropout_case(double p, bool training, std::uint64_t seed, std::int64_t n) {
  OpCase c{"dropout", "dropout", {{"p", p}}, {f32({n}, uniform(0.5f, 1.5f))}};
  c.training = training;
  c.seed = seed;
  return c;
}

TEST(Dropout, EvalIsIdentity) {
  for (Backend backend : {Backend::optimized, Backend::reference}) {
    const OpCase c = dropout_case(0.5, false, 3, 1000);
    OpRunner run(c, backend);
    const std::vector<Tensor> x = make_inputs(c, 1);
    const std::vector<Tensor> y = run.forward(x);
    EXPECT_TRUE(y[0].bitwise_equal(x[0]));
    const std::vector<Tensor> d_y = random_like(y, 2);
    EXPECT_TRUE(run.backward(x, y, d_y)[0].bitwise_equal(d_y[0]));
  }
}

TEST(Dropout, TrainingDropsAboutPAndScales) {
  for (double p : {0.2, 0.5, 0.8}) {
    const std::int64_t n = 100000;
    const OpCase c = dropout_case(p, true, 42, n);
    OpRunner run(c, Backend::optimized);
    const std::vector<Tensor> x = make_inputs(c, 1);
    const std::vector<Tensor> y = run.forward(x);
    const float scale = static_cast<float>(1.0 / (1.0 - p));
    std::int64_t dropped = 0;
    for (std::int64_t i = 0; i < n; ++i) {
      const float v = y[0].f32()[i];
      if (v == 0.0f) {
        ++dropped;
      } else {
        ASSERT_EQ(v, x[0].f32()[i] * scale) << "element " << i;
      }
    }
    // Binomial standard deviation is at most 0.0016 here; 0.01 is over 6 of them.
    EXPECT_NEAR(static_cast<double>(dropped) / n, p, 0.01) << "p = " << p;
  }
}

TEST(Dropout, BackwardUsesTheForwardMask) {
  const OpCase c = dropout_case(0.5, true, 9, 5000);
  OpRunner run(c, Backend::optimized);
  const std::vector<Tensor> x = make_inputs(c, 1);
  const std::vector<Tensor> y = run.forward(x);
  const std::vector<Tensor> d_y = random_like(y, 4);
  const Tensor d_x = run.backward(x, y, d_y)[0];
  for (std::int64_t i = 0; i < x[0].numel(); ++i) {
    const bool kept = y[0].f32()[i] != 0.0f;  // x is in [0.5, 1.5): never 0 itself
    EXPECT_EQ(d_x.f32()[i], kept ? d_y[0].f32()[i] * 2.0f : 0.0f) << "element " << i;
  }
}

TEST(Dropout, SameSeedSameMaskOtherSeedOtherMask) {
  const std::vector<Tensor> x = make_inputs(dropout_case(0.5, true, 1, 2000), 1);
  auto run_with_seed = [&](std::uint64_t seed, Backend backend) {
    OpRunner run(dropout_case(0.5, true, seed, 2000), backend);
    return run.forward(x)[0];
  };
  const Tensor a = run_with_seed(5, Backend::optimized);
  EXPECT_TRUE(a.bitwise_equal(run_with_seed(5, Backend::optimized)));
  EXPECT_TRUE(a.bitwise_equal(run_with_seed(5, Backend::reference)));
  EXPECT_FALSE(a.bitwise_equal(run_with_seed(6, Backend::optimized)));
}

}  // namespace
}  // namespace dendrite::test
