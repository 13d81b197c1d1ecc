// Reference dense layer: plain loops written for clarity, the yardstick for the oneDNN kernel.
// Sums are accumulated in double.
//
//   reference::dense_forward(N, n_in, n_out, x, w, b, y);
//
// x: [N, n_in], w: [n_out, n_in], b: [n_out], y: [N, n_out] (row-major).
#pragma once

#include <cstdint>

namespace dendrite::reference {

// y[n, j] = b[j] + sum_i x[n, i] * w[j, i]
void dense_forward(std::int64_t N, std::int64_t n_in, std::int64_t n_out, const float* x,
                   const float* w, const float* b, float* y);

// d_x[n, i] = sum_j d_y[n, j] * w[j, i]     (skipped when d_x is null)
// d_w[j, i] = sum_n d_y[n, j] * x[n, i]     (skipped when d_w is null)
// d_b[j]    = sum_n d_y[n, j]               (skipped when d_b is null)
void dense_backward(std::int64_t N, std::int64_t n_in, std::int64_t n_out, const float* x,
                    const float* w, const float* d_y, float* d_x, float* d_w, float* d_b);

}  // namespace dendrite::reference
