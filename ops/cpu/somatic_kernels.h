// Optimized kernels of the somatic (block-diagonal dendrite -> soma) layer: soma s sums its own
// D dendrites s*D .. s*D+D-1.
//   x: [N, S*D], w: [S, D], b: [S], y / d_y: [N, S]
// Threads split the batch (forward, d_x) or blocks of somata (d_w, d_b); every element is
// written by one thread in a fixed order, so results are deterministic.
//
//   somatic_forward(N, S, D, x, w, b, y);
//   somatic_backward(N, S, D, x, w, d_y, d_x, d_w, d_b);   // null gradients are skipped
#pragma once

#include <cstdint>

#include "ops/cpu/rectifier.h"

namespace dendrite::cpu {

// y[n, s] = post(b[s] + sum_t w[s, t] * x[n, s*D + t])  (post: a fused rectifier, or off)
void somatic_forward(std::int64_t N, std::int64_t S, std::int64_t D, const float* x,
                     const float* w, const float* b, float* y, const Rectifier& post = {});

// d_x[n, s*D + t] = w[s, t] * d_y[n, s]
// d_w[s, t]       = sum_n d_y[n, s] * x[n, s*D + t]
// d_b[s]          = sum_n d_y[n, s]
void somatic_backward(std::int64_t N, std::int64_t S, std::int64_t D, const float* x,
                      const float* w, const float* d_y, float* d_x, float* d_w, float* d_b);

}  // namespace dendrite::cpu
