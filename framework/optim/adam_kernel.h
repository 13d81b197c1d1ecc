// The element loop of Adam and AdamW (formulas in optimizer.h): the per-step constants, computed
// once per step in double, and an in-place update of one parameter tensor in f32.
//
//   const AdamCoefficients c = adam_coefficients(cfg, /*decoupled=*/cfg.type == "adamw", t);
//   adam_update(c, n, p, g, m, v);   // p, m, v updated in place; t counted from 1
//
// adam_update is vectorized for the running CPU (DENDRITE_MULTIVERSION) and splits large tensors
// across OpenMP threads. Each element is computed on its own with the same f32 operations in the
// same order whatever the ISA or the thread count, so results are bitwise reproducible (NOTE
// [adam kernel rounding] in adam_kernel.cpp).
#pragma once

#include <cstdint>

#include "framework/optim/optimizer.h"

namespace dendrite {

// Per element j, with gj = g[j] + l2 * p[j]:
//   m[j] = b1 * m[j] + one_minus_b1 * gj
//   v[j] = b2 * v[j] + one_minus_b2 * gj * gj
//   p[j] = shrink * p[j] - step_size * m[j] / (sqrt(v[j]) * inv_sqrt_bc2 + eps)
struct AdamCoefficients {
  float b1 = 0, b2 = 0;
  float one_minus_b1 = 0, one_minus_b2 = 0;
  float step_size = 0;     // lr / (1 - b1^t)
  float inv_sqrt_bc2 = 0;  // 1 / sqrt(1 - b2^t)
  float eps = 0;
  float l2 = 0;      // adam: weight_decay (L2 term in the gradient); adamw: 0
  float shrink = 1;  // adamw: 1 - lr * weight_decay (decoupled decay); adam: 1
};

// The constants of step t >= 1 for adam (decoupled = false) or adamw (decoupled = true).
AdamCoefficients adam_coefficients(const OptimizerConfig& cfg, bool decoupled, std::int64_t t);

// p, g, m, v: [n], distinct buffers (g is read only). n may be 0.
void adam_update(const AdamCoefficients& c, std::int64_t n, float* p, const float* g, float* m, float* v);

}  // namespace dendrite
