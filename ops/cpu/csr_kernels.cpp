#include "ops/cpu/csr_kernels.h"

#include <algorithm>

#include "ops/cpu/csr_primitives.h"
#include "ops/cpu/multiversion.h"
#include "ops/cpu/rectifier.h"
#include "ops/cpu/tile_transpose.h"
#include "ops/cpu/vec16.h"

namespace dendrite::cpu {

namespace {
// Below this many multiply-adds a loop runs on one thread (a parallel region costs more).
constexpr std::int64_t kParallelWork = 1 << 15;
// Units per dynamically scheduled chunk: at least 16, and enough for about 2^14 multiply-adds, so
// small batches (inference at N = 1) do not pay a scheduling step per few units.
std::int64_t units_per_chunk(std::int64_t nnz, std::int64_t units, std::int64_t N) {
  const std::int64_t per_unit = std::max<std::int64_t>(1, nnz * N / std::max<std::int64_t>(1, units));
  return std::max<std::int64_t>(16, (std::int64_t{1} << 14) / per_unit);
}

}  // namespace

CscIndex make_csc(const CsrIndex& csr) {
  CscIndex csc;
  csc.col_ptr.assign(static_cast<std::size_t>(csr.n_in + 1), 0);
  csc.row.resize(static_cast<std::size_t>(csr.nnz));
  csc.edge.resize(static_cast<std::size_t>(csr.nnz));
  for (std::int64_t e = 0; e < csr.nnz; ++e) ++csc.col_ptr[static_cast<std::size_t>(csr.col[e] + 1)];
  for (std::int64_t i = 0; i < csr.n_in; ++i) csc.col_ptr[i + 1] += csc.col_ptr[i];
  // Stable counting sort: walking the CSR in order keeps each column's entries in CSR order.
  std::vector<std::int32_t> next(csc.col_ptr.begin(), csc.col_ptr.end() - 1);
  for (std::int64_t j = 0; j < csr.n_out; ++j) {
    for (std::int32_t e = csr.row_ptr[j]; e < csr.row_ptr[j + 1]; ++e) {
      const std::int32_t k = next[static_cast<std::size_t>(csr.col[e])]++;
      csc.row[k] = static_cast<std::int32_t>(j);
      csc.edge[k] = e;
    }
  }
  return csc;
}

void csr_forward(const CsrIndex& csr, std::int64_t N, const float* x_t, const float* w,
                 const float* b, float* y_t, const Rectifier& post) {
  const std::int64_t chunk = units_per_chunk(csr.nnz, csr.n_out, N);
#pragma omp parallel for schedule(dynamic, chunk) if (csr.nnz * N > kParallelWork)
  for (std::int64_t j = 0; j < csr.n_out; ++j) {
    const std::int32_t begin = csr.row_ptr[j];
    gather_axpy(csr.col + begin, w + begin, csr.row_ptr[j + 1] - begin, b[j], x_t, N, N, post, y_t + j * N);
  }
}

namespace {
constexpr std::int64_t kRowChunk = 256;  // samples of one rectified gradient row per pass (1 KB)

// One unit's d_w (its len connections) and d_b with the rectifier's backward applied to its
// gradient row on the way, kRowChunk samples at a time in a stack buffer.
DENDRITE_MULTIVERSION
void rectified_row_gradients(const Rectifier& post, const float* y_row, const float* d_y_row, const std::int32_t* idx,
                             std::int64_t len, const float* x_t, std::int64_t N, float* d_w, float* d_b) {
  alignas(64) float d_z[kRowChunk];
  const float slope = post.slope;
  if (d_w) std::fill(d_w, d_w + len, 0.0f);
  float bias = 0.0f;
  for (std::int64_t n0 = 0; n0 < N; n0 += kRowChunk) {
    const std::int64_t count = std::min(kRowChunk, N - n0);
    for (std::int64_t n = 0; n < count; ++n) d_z[n] = rectified_grad(y_row[n0 + n], d_y_row[n0 + n], slope);
    if (d_w) gathered_dots(d_z, idx, len, x_t + n0, N, count, d_w);
    bias += ordered_sum(d_z, count);
  }
  if (d_b) *d_b = bias;
}
}  // namespace

void csr_backward_weights(const CsrIndex& csr, std::int64_t N, const float* x_t,
                          const float* d_y_t, float* d_w, float* d_b, const Rectifier& post,
                          const float* y_t) {
  const std::int64_t chunk = units_per_chunk(csr.nnz, csr.n_out, N);
#pragma omp parallel for schedule(dynamic, chunk) if (csr.nnz * N > kParallelWork)
  for (std::int64_t j = 0; j < csr.n_out; ++j) {
    const float* d_y_row = d_y_t + j * N;
    const std::int32_t begin = csr.row_ptr[j], end = csr.row_ptr[j + 1];
    if (post.on) {
      rectified_row_gradients(post, y_t + j * N, d_y_row, csr.col + begin, end - begin, x_t, N,
                              d_w ? d_w + begin : nullptr, d_b ? d_b + j : nullptr);
      continue;
    }
    if (d_w) {
      std::fill(d_w + begin, d_w + end, 0.0f);
      gathered_dots(d_y_row, csr.col + begin, end - begin, x_t, N, N, d_w + begin);
    }
    if (d_b) d_b[j] = ordered_sum(d_y_row, N);
  }
}

void csr_backward_data(const CscIndex& csc, std::int64_t N, const float* d_y_t, const float* w,
                       float* w_csc, float* d_x_t) {
  const std::int64_t nnz = static_cast<std::int64_t>(csc.edge.size());
  const std::int64_t n_in = static_cast<std::int64_t>(csc.col_ptr.size()) - 1;
  for (std::int64_t k = 0; k < nnz; ++k) w_csc[k] = w[csc.edge[static_cast<std::size_t>(k)]];
  const std::int64_t chunk = units_per_chunk(nnz, n_in, N);
#pragma omp parallel for schedule(dynamic, chunk) if (nnz * N > kParallelWork)
  for (std::int64_t i = 0; i < n_in; ++i) {
    const std::int32_t begin = csc.col_ptr[static_cast<std::size_t>(i)];
    const std::int32_t end = csc.col_ptr[static_cast<std::size_t>(i + 1)];
    gather_axpy(csc.row.data() + begin, w_csc + begin, end - begin, 0.0f, d_y_t, N, N, Rectifier{},
                d_x_t + i * N);
  }
}

// NOTE [row-major tiles]: the *_rows kernels take the layer's output side row-major ([N, n_out],
// as the graph stores it) and never build its batch-innermost copy: a tile of kTileUnits units x
// up to kTileBatch samples is computed into (forward) or transposed into (backward) a stack
// buffer that stays in L1, and moved to or from the row-major tensor there. This saves a round
// trip of the [n_out, N] copy through memory, which is the largest tensor of a dANN step.
namespace {
constexpr std::int64_t kTileUnits = 64;
constexpr std::int64_t kTileBatch = 64;  // 64 x 64 floats = 16 KB

// The tile is computed in a stack buffer, or, when the caller keeps y_t, in y_t itself.
DENDRITE_MULTIVERSION
void forward_tile(const CsrIndex& csr, std::int64_t N, const float* x_t, const float* w, const float* b,
                  const Rectifier& post, std::int64_t j0, std::int64_t units, std::int64_t n0, std::int64_t count,
                  float* y, float* y_t) {
  alignas(64) float stack_tile[kTileUnits * kTileBatch];
  float* tile = y_t ? y_t + j0 * N + n0 : stack_tile;  // [units, count]
  const std::int64_t ld = y_t ? N : kTileBatch;
  for (std::int64_t u = 0; u < units; ++u) {
    const std::int32_t begin = csr.row_ptr[j0 + u];
    gather_axpy(csr.col + begin, w + begin, csr.row_ptr[j0 + u + 1] - begin, b[j0 + u], x_t + n0, N, count, post,
                tile + u * ld);
  }
  transpose_tiles(tile, ld, y + n0 * csr.n_out + j0, csr.n_out, units, count);
}

// d_b[u] += sum of row u of a tile ([units, count], leading dimension kTileBatch): sixteen rows
// at a time through reduce16, the rest one by one. The tile is in L1 (it was just transposed).
__attribute__((always_inline)) inline void add_tile_row_sums(const float* tile, std::int64_t units,
                                                             std::int64_t count, float* d_b) {
  const std::int64_t vec_count = count / kVec16Width * kVec16Width;
  std::int64_t u = 0;
  for (; u + 16 <= units; u += 16) {
    Vec16 acc[16], v, sums, old;
    for (int i = 0; i < 16; ++i) {
      acc[i] = DENDRITE_BROADCAST16(0.0f);
      for (std::int64_t n = 0; n < vec_count; n += kVec16Width) {
        load16(v, tile + (u + i) * kTileBatch + n);
        acc[i] += v;
      }
    }
    reduce16(acc, sums);
    for (int i = 0; i < 16; ++i)
      for (std::int64_t n = vec_count; n < count; ++n) sums[i] += tile[(u + i) * kTileBatch + n];
    load16(old, d_b + u);
    old += sums;
    store16(d_b + u, old);
  }
  for (; u < units; ++u) d_b[u] += ordered_sum(tile + u * kTileBatch, count);
}

// tile[u, n] = rectified_grad(y_t[u, n], tile[u, n], slope): the rectifier's backward on a
// transposed tile ([units, count], leading dimension kTileBatch; y_t's is ld_y), in place.
__attribute__((always_inline)) inline void rectify_tile_backward(const Rectifier& post, const float* y_t,
                                                                 std::int64_t ld_y, std::int64_t units,
                                                                 std::int64_t count, float* tile) {
  const float slope = post.slope;  // a local: stores to the tile cannot change it
  const std::int64_t vec_count = count / kVec16Width * kVec16Width;
  for (std::int64_t u = 0; u < units; ++u) {
    float* row = tile + u * kTileBatch;
    const float* y_row = y_t + u * ld_y;
    Vec16 d, y;
    for (std::int64_t n = 0; n < vec_count; n += kVec16Width) {
      load16(d, row + n);
      load16(y, y_row + n);
      rectified_grad16(y, d, slope);
      store16(row + n, d);
    }
    for (std::int64_t n = vec_count; n < count; ++n) row[n] = rectified_grad(y_row[n], row[n], slope);
  }
}

DENDRITE_MULTIVERSION
void backward_weights_tile(const CsrIndex& csr, std::int64_t N, const float* x_t, const float* d_y,
                           const float* y_t, const Rectifier& post, std::int64_t j0, std::int64_t units,
                           float* d_w, float* d_b) {
  alignas(64) float tile[kTileUnits * kTileBatch];    // d_y_t of the tile: [units, count]
  if (d_w) std::fill(d_w + csr.row_ptr[j0], d_w + csr.row_ptr[j0 + units], 0.0f);
  if (d_b) std::fill(d_b + j0, d_b + j0 + units, 0.0f);
  for (std::int64_t n0 = 0; n0 < N; n0 += kTileBatch) {
    const std::int64_t count = std::min(kTileBatch, N - n0);
    transpose_tiles(d_y + n0 * csr.n_out + j0, csr.n_out, tile, kTileBatch, count, units);
    if (post.on) rectify_tile_backward(post, y_t + j0 * N + n0, N, units, count, tile);
    if (d_b) add_tile_row_sums(tile, units, count, d_b + j0);
    if (!d_w) continue;
    for (std::int64_t u = 0; u < units; ++u) {
      const std::int32_t begin = csr.row_ptr[j0 + u], end = csr.row_ptr[j0 + u + 1];
      gathered_dots(tile + u * kTileBatch, csr.col + begin, end - begin, x_t + n0, N, count, d_w + begin);
    }
  }
}
}  // namespace

void csr_forward_rows(const CsrIndex& csr, std::int64_t N, const float* x_t, const float* w,
                      const float* b, float* y, const Rectifier& post, float* y_t) {
  const std::int64_t unit_tiles = (csr.n_out + kTileUnits - 1) / kTileUnits;
  const std::int64_t batch_tiles = (N + kTileBatch - 1) / kTileBatch;
  // Batch tile outermost: the tasks of one thread share the x_t columns of their samples.
#pragma omp parallel for schedule(dynamic, 4) if (csr.nnz * N > kParallelWork)
  for (std::int64_t t = 0; t < unit_tiles * batch_tiles; ++t) {
    const std::int64_t j0 = (t % unit_tiles) * kTileUnits, n0 = (t / unit_tiles) * kTileBatch;
    forward_tile(csr, N, x_t, w, b, post, j0, std::min(kTileUnits, csr.n_out - j0), n0, std::min(kTileBatch, N - n0), y, y_t);
  }
}

void csr_backward_weights_rows(const CsrIndex& csr, std::int64_t N, const float* x_t,
                               const float* d_y, float* d_w, float* d_b, const Rectifier& post,
                               const float* y_t) {
  const std::int64_t unit_tiles = (csr.n_out + kTileUnits - 1) / kTileUnits;
#pragma omp parallel for schedule(dynamic, 4) if (csr.nnz * N > kParallelWork)
  for (std::int64_t t = 0; t < unit_tiles; ++t) {
    const std::int64_t j0 = t * kTileUnits;
    backward_weights_tile(csr, N, x_t, d_y, y_t, post, j0, std::min(kTileUnits, csr.n_out - j0), d_w, d_b);
  }
}

}  // namespace dendrite::cpu
