#include "framework/optim/adam_kernel.h"

#include <algorithm>
#include <cmath>

#include "ops/cpu/multiversion.h"

namespace dendrite {

namespace {
// Elements per OpenMP task (a multiple of 16, so every task but the last starts on a cache line
// boundary of the 64-byte aligned tensors). Tensors smaller than kParallelMin run on the calling
// thread: their update takes a few microseconds, about what waking the other threads costs.
constexpr std::int64_t kBlock = 4096;
constexpr std::int64_t kParallelMin = 16384;

// NOTE [adam kernel rounding]: the clones of this function must give the same bits as each other
// and as a plain scalar loop, so the CMakeLists.txt of this folder compiles this file with
//  - -ffp-contract=off: GCC contracts a * b + c into one FMA (a single rounding) wherever the
//    target has FMA, which the avx512f clone does and the avx2 and default clones do not;
//  - -fno-math-errno: without it std::sqrt keeps a scalar call path for errno and the loop is
//    not vectorized. sqrt, like + - * /, is correctly rounded in every ISA, so vectorizing
//    changes no result.
// No reassociation happens without -ffast-math: each element is the same sequence of f32
// operations in every clone, on every thread.
// p, g, m, v: [n]
DENDRITE_MULTIVERSION
void adam_block(const AdamCoefficients& c, std::int64_t n, float* __restrict p, const float* __restrict g,
                float* __restrict m, float* __restrict v) {
  // Local copies: the compiler then knows no store to p, m or v changes them.
  const float b1 = c.b1, b2 = c.b2, one_minus_b1 = c.one_minus_b1, one_minus_b2 = c.one_minus_b2;
  const float step_size = c.step_size, inv_sqrt_bc2 = c.inv_sqrt_bc2, eps = c.eps;
  const float l2 = c.l2, shrink = c.shrink;
  for (std::int64_t j = 0; j < n; ++j) {
    const float gj = g[j] + l2 * p[j];
    const float mj = b1 * m[j] + one_minus_b1 * gj;
    const float vj = b2 * v[j] + one_minus_b2 * gj * gj;
    m[j] = mj;
    v[j] = vj;
    p[j] = shrink * p[j] - step_size * mj / (std::sqrt(vj) * inv_sqrt_bc2 + eps);
  }
}
}  // namespace

AdamCoefficients adam_coefficients(const OptimizerConfig& cfg, bool decoupled, std::int64_t t) {
  const auto td = static_cast<double>(t);
  AdamCoefficients c;
  c.b1 = static_cast<float>(cfg.beta1);
  c.b2 = static_cast<float>(cfg.beta2);
  c.one_minus_b1 = static_cast<float>(1.0 - cfg.beta1);
  c.one_minus_b2 = static_cast<float>(1.0 - cfg.beta2);
  c.step_size = static_cast<float>(cfg.lr / (1.0 - std::pow(cfg.beta1, td)));
  c.inv_sqrt_bc2 = static_cast<float>(1.0 / std::sqrt(1.0 - std::pow(cfg.beta2, td)));
  c.eps = static_cast<float>(cfg.eps);
  c.l2 = static_cast<float>(decoupled ? 0.0 : cfg.weight_decay);
  c.shrink = static_cast<float>(decoupled ? 1.0 - cfg.lr * cfg.weight_decay : 1.0);
  return c;
}

void adam_update(const AdamCoefficients& c, std::int64_t n, float* p, const float* g, float* m, float* v) {
  if (n < kParallelMin) {
    adam_block(c, n, p, g, m, v);
    return;
  }
  // Contiguous runs of blocks per thread; elements are independent, so the split changes nothing
  // in the results.
  const std::int64_t blocks = (n + kBlock - 1) / kBlock;
#pragma omp parallel for schedule(static)
  for (std::int64_t b = 0; b < blocks; ++b) {
    const std::int64_t j0 = b * kBlock;
    adam_block(c, std::min(kBlock, n - j0), p + j0, g + j0, m + j0, v + j0);
  }
}

}  // namespace dendrite
