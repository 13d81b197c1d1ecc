#include "ops/cpu/transpose.h"

#include <algorithm>
#include <cstring>

#include "ops/cpu/multiversion.h"

namespace dendrite::cpu {

namespace {
// 8 floats as a GCC/Clang vector: the 8 x 8 tile transpose below lowers to the unpack / shuffle /
// 128-bit-lane permutes of AVX (or to pairs of SSE shuffles in the baseline clone).
typedef float Vec8 __attribute__((vector_size(32)));
typedef int Mask8 __attribute__((vector_size(32)));

constexpr std::int64_t kTile = 8;
constexpr std::int64_t kBlock = 64;  // 64 x 64 floats (16 KB) per task: read and written in L1/L2

// dst[c * ld_dst + r] = src[r * ld_src + c] for one full 8 x 8 tile.
__attribute__((always_inline)) inline void transpose8x8(const float* src, std::int64_t ld_src, float* dst, std::int64_t ld_dst) {
  Vec8 r[8], t[8], u[8];
  for (int i = 0; i < 8; ++i) std::memcpy(&r[i], src + i * ld_src, sizeof(Vec8));
  // Interleave pairs of rows within each 128-bit half.
  const Mask8 lo{0, 8, 1, 9, 4, 12, 5, 13}, hi{2, 10, 3, 11, 6, 14, 7, 15};
  for (int i = 0; i < 8; i += 2) {
    t[i] = __builtin_shuffle(r[i], r[i + 1], lo);
    t[i + 1] = __builtin_shuffle(r[i], r[i + 1], hi);
  }
  // Pairs of 64-bit elements: each half now holds 4 rows of one column.
  const Mask8 lo2{0, 1, 8, 9, 4, 5, 12, 13}, hi2{2, 3, 10, 11, 6, 7, 14, 15};
  u[0] = __builtin_shuffle(t[0], t[2], lo2);
  u[1] = __builtin_shuffle(t[0], t[2], hi2);
  u[2] = __builtin_shuffle(t[1], t[3], lo2);
  u[3] = __builtin_shuffle(t[1], t[3], hi2);
  u[4] = __builtin_shuffle(t[4], t[6], lo2);
  u[5] = __builtin_shuffle(t[4], t[6], hi2);
  u[6] = __builtin_shuffle(t[5], t[7], lo2);
  u[7] = __builtin_shuffle(t[5], t[7], hi2);
  // Join the halves of rows 0-3 and 4-7: column c is complete.
  const Mask8 low_halves{0, 1, 2, 3, 8, 9, 10, 11}, high_halves{4, 5, 6, 7, 12, 13, 14, 15};
  for (int c = 0; c < 4; ++c) {
    const Vec8 a = __builtin_shuffle(u[c], u[c + 4], low_halves);
    const Vec8 b = __builtin_shuffle(u[c], u[c + 4], high_halves);
    std::memcpy(dst + c * ld_dst, &a, sizeof(Vec8));
    std::memcpy(dst + (c + 4) * ld_dst, &b, sizeof(Vec8));
  }
}

// One block [r0, r1) x [c0, c1): full 8 x 8 tiles vectorized, the ragged edges element by element.
DENDRITE_MULTIVERSION
void transpose_block(const float* src, std::int64_t rows, std::int64_t cols, float* dst, std::int64_t r0,
                     std::int64_t r1, std::int64_t c0, std::int64_t c1) {
  const std::int64_t r_full = r0 + (r1 - r0) / kTile * kTile;
  const std::int64_t c_full = c0 + (c1 - c0) / kTile * kTile;
  for (std::int64_t r = r0; r < r_full; r += kTile)
    for (std::int64_t c = c0; c < c_full; c += kTile) transpose8x8(src + r * cols + c, cols, dst + c * rows + r, rows);
  for (std::int64_t c = c0; c < c1; ++c) {
    const std::int64_t r_begin = c < c_full ? r_full : r0;  // rows the tiles did not cover
    for (std::int64_t r = r_begin; r < r1; ++r) dst[c * rows + r] = src[r * cols + c];
  }
}
}  // namespace

void transpose(const float* src, std::int64_t rows, std::int64_t cols, float* dst) {
  const std::int64_t row_blocks = (rows + kBlock - 1) / kBlock;
  const std::int64_t col_blocks = (cols + kBlock - 1) / kBlock;
#pragma omp parallel for schedule(static) if (rows * cols > 65536)
  for (std::int64_t t = 0; t < row_blocks * col_blocks; ++t) {
    const std::int64_t r0 = (t / col_blocks) * kBlock;
    const std::int64_t c0 = (t % col_blocks) * kBlock;
    transpose_block(src, rows, cols, dst, r0, std::min(rows, r0 + kBlock), c0, std::min(cols, c0 + kBlock));
  }
}

}  // namespace dendrite::cpu
