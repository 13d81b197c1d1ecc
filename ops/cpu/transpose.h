// Out-of-place transpose of a row-major f32 matrix, blocked for the cache, OpenMP-parallel.
//
//   transpose(x, N, n_in, x_t);   // x: [N, n_in] -> x_t: [n_in, N]
#pragma once

#include <cstdint>

namespace dendrite::cpu {

// dst[c * rows + r] = src[r * cols + c]; src: [rows, cols], dst: [cols, rows].
void transpose(const float* src, std::int64_t rows, std::int64_t cols, float* dst);

}  // namespace dendrite::cpu
