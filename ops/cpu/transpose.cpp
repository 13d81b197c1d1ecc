#include "ops/cpu/transpose.h"

#include <algorithm>

namespace dendrite::cpu {

void transpose(const float* src, std::int64_t rows, std::int64_t cols, float* dst) {
  constexpr std::int64_t kTile = 32;  // 32 x 32 floats: 4 KB read and written per tile
  const std::int64_t row_tiles = (rows + kTile - 1) / kTile;
  const std::int64_t col_tiles = (cols + kTile - 1) / kTile;
#pragma omp parallel for schedule(static) if (rows * cols > 16384)
  for (std::int64_t t = 0; t < row_tiles * col_tiles; ++t) {
    const std::int64_t r0 = (t / col_tiles) * kTile;
    const std::int64_t c0 = (t % col_tiles) * kTile;
    const std::int64_t r1 = std::min(rows, r0 + kTile);
    const std::int64_t c1 = std::min(cols, c0 + kTile);
    for (std::int64_t c = c0; c < c1; ++c)
      for (std::int64_t r = r0; r < r1; ++r) dst[c * rows + r] = src[r * cols + c];
  }
}

}  // namespace dendrite::cpu
