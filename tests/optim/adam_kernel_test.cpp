// The vectorized, multithreaded Adam element loop (adam_kernel.h) against a plain scalar loop of
// the same formula, over sizes that hit the vector remainders and the multithreaded path, and its
// independence from the OpenMP thread count.
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "framework/core/rng.h"
#include "framework/optim/adam_kernel.h"

namespace dendrite {
namespace {

constexpr int kSteps = 3;
// 65,539 = 16 blocks of 4,096 + 3: the multithreaded path with a short last block.
const std::int64_t kSizes[] = {0, 1, 15, 17, 65536 + 3};

// p, m, v of one parameter. Each vector has one element in front of the data so that the kernel
// sees pointers that are not 64-byte aligned (tensors are; an unaligned start tests the peeling).
struct Buffers {
  std::vector<float> p, m, v;
  explicit Buffers(std::int64_t n)
      : p(static_cast<std::size_t>(n) + 1), m(p.size()), v(p.size()) {}
};

std::vector<float> random_values(std::int64_t n, Rng& rng) {
  std::vector<float> x(static_cast<std::size_t>(n) + 1);
  // Magnitudes from 1e-6 to 1: small gradients make eps and the sqrt matter.
  for (float& e : x) e = static_cast<float>(rng.uniform(-1.0, 1.0) * std::pow(10.0, -rng.uniform(0.0, 6.0)));
  return x;
}

// The formula of adam_kernel.h, one element at a time.
void reference_update(const AdamCoefficients& c, std::int64_t n, float* p, const float* g, float* m, float* v) {
  for (std::int64_t j = 0; j < n; ++j) {
    const float gj = g[j] + c.l2 * p[j];
    m[j] = c.b1 * m[j] + c.one_minus_b1 * gj;
    v[j] = c.b2 * v[j] + c.one_minus_b2 * gj * gj;
    p[j] = c.shrink * p[j] - c.step_size * m[j] / (std::sqrt(v[j]) * c.inv_sqrt_bc2 + c.eps);
  }
}

// Runs kSteps steps of `update` from fixed parameters and gradients; returns the final buffers.
template <typename Update>
Buffers run_steps(const OptimizerConfig& cfg, std::int64_t n, Update update) {
  Rng rng(42);
  Buffers b(n);
  b.p = random_values(n, rng);
  for (int t = 1; t <= kSteps; ++t) {
    const std::vector<float> g = random_values(n, rng);
    const AdamCoefficients c = adam_coefficients(cfg, cfg.type == "adamw", t);
    update(c, n, b.p.data() + 1, g.data() + 1, b.m.data() + 1, b.v.data() + 1);
  }
  return b;
}

// One failure naming the first element off by more than 1e-6 relative, not one per element.
void expect_close(const std::vector<float>& got, const std::vector<float>& want, const std::string& what) {
  ASSERT_EQ(got.size(), want.size());
  std::size_t bad = 0, first = 0;
  for (std::size_t j = 1; j < want.size(); ++j) {
    if (std::abs(got[j] - want[j]) <= 1e-6f * std::abs(want[j])) continue;
    if (bad++ == 0) first = j;
  }
  EXPECT_EQ(bad, 0u) << what << ": " << bad << " elements differ, first at " << first - 1 << ": got "
                     << got[first] << ", want " << want[first];
}

OptimizerConfig config(const std::string& type, double weight_decay) {
  OptimizerConfig c;
  c.type = type;
  c.lr = 0.01;
  c.weight_decay = weight_decay;
  return c;
}

class AdamKernel : public ::testing::TestWithParam<std::string> {};

TEST_P(AdamKernel, MatchesScalarLoop) {
  for (const double wd : {0.0, 0.1}) {
    const OptimizerConfig cfg = config(GetParam(), wd);
    for (const std::int64_t n : kSizes) {
      const std::string what = cfg.type + " wd " + std::to_string(wd) + " n " + std::to_string(n);
      const Buffers got = run_steps(cfg, n, adam_update);
      const Buffers want = run_steps(cfg, n, reference_update);
      expect_close(got.p, want.p, what + " p");
      expect_close(got.m, want.m, what + " m");
      expect_close(got.v, want.v, what + " v");
      Rng rng(42);  // run_steps' initial parameters
      if (n > 0) {
        EXPECT_NE(got.p, random_values(n, rng)) << what << ": p did not move";
      }
    }
  }
}

TEST_P(AdamKernel, SameBitsForAnyThreadCount) {
  const OptimizerConfig cfg = config(GetParam(), 0.1);
  const std::int64_t n = kSizes[4];
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  const Buffers one = run_steps(cfg, n, adam_update);
  for (const int threads : {2, 3}) {
    omp_set_num_threads(threads);
    const Buffers many = run_steps(cfg, n, adam_update);
    EXPECT_EQ(many.p, one.p) << threads << " threads";
    EXPECT_EQ(many.m, one.m) << threads << " threads";
    EXPECT_EQ(many.v, one.v) << threads << " threads";
  }
  omp_set_num_threads(saved);
}

// The per-step constants: bias corrections, and the weight decay as an L2 term (adam) or as a
// shrink factor (adamw), never both.
TEST(AdamCoefficients, FollowTheConfig) {
  OptimizerConfig cfg = config("adam", 0.1);
  cfg.beta1 = 0.5;
  cfg.beta2 = 0.75;
  const AdamCoefficients adam = adam_coefficients(cfg, false, 2);
  EXPECT_FLOAT_EQ(adam.step_size, 0.01f / (1 - 0.25f));
  EXPECT_FLOAT_EQ(adam.inv_sqrt_bc2, 1 / std::sqrt(1 - 0.5625f));
  EXPECT_FLOAT_EQ(adam.one_minus_b1, 0.5f);
  EXPECT_FLOAT_EQ(adam.one_minus_b2, 0.25f);
  EXPECT_FLOAT_EQ(adam.l2, 0.1f);
  EXPECT_EQ(adam.shrink, 1.0f);
  const AdamCoefficients adamw = adam_coefficients(cfg, true, 2);
  EXPECT_EQ(adamw.l2, 0.0f);
  EXPECT_FLOAT_EQ(adamw.shrink, 1 - 0.01f * 0.1f);
}

INSTANTIATE_TEST_SUITE_P(Types, AdamKernel, ::testing::Values("adam", "adamw"),
                         [](const ::testing::TestParamInfo<std::string>& type) { return type.param; });

}  // namespace
}  // namespace dendrite
