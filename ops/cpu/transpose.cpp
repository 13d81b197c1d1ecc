#include "ops/cpu/transpose.h"

#include <algorithm>

#include "ops/cpu/multiversion.h"
#include "ops/cpu/tile_transpose.h"

namespace dendrite::cpu {

namespace {
constexpr std::int64_t kBlock = 64;  // 64 x 64 floats (16 KB) per task: read and written in cache
// Smaller transposes run on one thread: a 128 x 784 batch took 18.6 us on one thread and 27.4 us
// on two (dendrite_kernel_bench transpose/128x784), while a 256 x 784 one is faster on two
// (`dendrite-bench` inference at batch 256: 345k samples/s with it on one thread, 400k on two).
constexpr std::int64_t kParallelElements = std::int64_t{1} << 17;

DENDRITE_MULTIVERSION
void transpose_block(const float* src, std::int64_t rows, std::int64_t cols, float* dst, std::int64_t r0,
                     std::int64_t r_count, std::int64_t c0, std::int64_t c_count) {
  transpose_tiles(src + r0 * cols + c0, cols, dst + c0 * rows + r0, rows, r_count, c_count);
}
}  // namespace

void transpose(const float* src, std::int64_t rows, std::int64_t cols, float* dst) {
  const std::int64_t row_blocks = (rows + kBlock - 1) / kBlock;
  const std::int64_t col_blocks = (cols + kBlock - 1) / kBlock;
#pragma omp parallel for schedule(static) if (rows * cols >= kParallelElements)
  for (std::int64_t t = 0; t < row_blocks * col_blocks; ++t) {
    const std::int64_t r0 = (t / col_blocks) * kBlock;
    const std::int64_t c0 = (t % col_blocks) * kBlock;
    transpose_block(src, rows, cols, dst, r0, std::min(kBlock, rows - r0), c0, std::min(kBlock, cols - c0));
  }
}

}  // namespace dendrite::cpu
