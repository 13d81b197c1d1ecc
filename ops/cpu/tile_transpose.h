// An 8 x 8 float tile transposed in registers, for the transposing kernels of this folder
// (transpose.cpp, csr_kernels.cpp). Inlined into the DENDRITE_MULTIVERSION function that calls
// it, so it compiles to that clone's ISA: AVX unpack / shuffle / 128-bit-lane permutes, or pairs
// of SSE shuffles in the baseline clone. __builtin_shufflevector: GCC >= 12 and clang.
//
//   transpose8x8(src, ld_src, dst, ld_dst);   // dst[c * ld_dst + r] = src[r * ld_src + c], r, c < 8
#pragma once

#include <cstdint>
#include <cstring>

namespace dendrite::cpu {

typedef float Vec8 __attribute__((vector_size(32)));

__attribute__((always_inline)) inline void transpose8x8(const float* src, std::int64_t ld_src, float* dst,
                                                        std::int64_t ld_dst) {
  Vec8 r[8], t[8], u[8];
  for (int i = 0; i < 8; ++i) std::memcpy(&r[i], src + i * ld_src, sizeof(Vec8));
  // Interleave pairs of rows within each 128-bit half.
  for (int i = 0; i < 8; i += 2) {
    t[i] = __builtin_shufflevector(r[i], r[i + 1], 0, 8, 1, 9, 4, 12, 5, 13);
    t[i + 1] = __builtin_shufflevector(r[i], r[i + 1], 2, 10, 3, 11, 6, 14, 7, 15);
  }
  // Pairs of 64-bit elements: each 128-bit half now holds 4 rows of one column.
  for (int i = 0; i < 8; i += 4) {
    u[i] = __builtin_shufflevector(t[i], t[i + 2], 0, 1, 8, 9, 4, 5, 12, 13);
    u[i + 1] = __builtin_shufflevector(t[i], t[i + 2], 2, 3, 10, 11, 6, 7, 14, 15);
    u[i + 2] = __builtin_shufflevector(t[i + 1], t[i + 3], 0, 1, 8, 9, 4, 5, 12, 13);
    u[i + 3] = __builtin_shufflevector(t[i + 1], t[i + 3], 2, 3, 10, 11, 6, 7, 14, 15);
  }
  // Join the halves of rows 0-3 and 4-7: column c is complete.
  for (int c = 0; c < 4; ++c) {
    const Vec8 a = __builtin_shufflevector(u[c], u[c + 4], 0, 1, 2, 3, 8, 9, 10, 11);
    const Vec8 b = __builtin_shufflevector(u[c], u[c + 4], 4, 5, 6, 7, 12, 13, 14, 15);
    std::memcpy(dst + c * ld_dst, &a, sizeof(Vec8));
    std::memcpy(dst + (c + 4) * ld_dst, &b, sizeof(Vec8));
  }
}

// Any r_count x c_count block (each <= 8 or any size): full 8 x 8 tiles in registers, the rest
// element by element. dst[c * ld_dst + r] = src[r * ld_src + c].
__attribute__((always_inline)) inline void transpose_tiles(const float* src, std::int64_t ld_src, float* dst,
                                                           std::int64_t ld_dst, std::int64_t r_count,
                                                           std::int64_t c_count) {
  const std::int64_t r_full = r_count / 8 * 8, c_full = c_count / 8 * 8;
  // Columns outermost: the tiles of one 8-row band of dst are written one after the other, so
  // each dst cache line is completed while it is still in L1.
  for (std::int64_t c = 0; c < c_full; c += 8)
    for (std::int64_t r = 0; r < r_full; r += 8) transpose8x8(src + r * ld_src + c, ld_src, dst + c * ld_dst + r, ld_dst);
  for (std::int64_t c = 0; c < c_count; ++c) {
    const std::int64_t r_begin = c < c_full ? r_full : 0;  // rows the tiles did not cover
    for (std::int64_t r = r_begin; r < r_count; ++r) dst[c * ld_dst + r] = src[r * ld_src + c];
  }
}

}  // namespace dendrite::cpu
