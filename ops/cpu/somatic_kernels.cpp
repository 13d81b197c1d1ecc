#include "ops/cpu/somatic_kernels.h"

#include <algorithm>

#include "ops/cpu/multiversion.h"
#include "ops/cpu/rectifier.h"
#include "ops/cpu/vec16.h"

namespace dendrite::cpu {

namespace {
constexpr std::int64_t kSomaBlock = 64;  // somata per task in the weight gradient
// Below this many multiply-adds a loop runs on one thread (a parallel region costs more).
constexpr std::int64_t kParallelWork = 1 << 15;

// One batch row: y_row[s] = post(b[s] + sum_t w[s*D + t] * x_row[s*D + t]).
DENDRITE_MULTIVERSION
void forward_row(std::int64_t S, std::int64_t D, const float* x_row, const float* w,
                 const float* b, const Rectifier& post, float* y_row) {
  if (D == 1) {  // elementwise: vectorizes over the somata
    for (std::int64_t s = 0; s < S; ++s) y_row[s] = rectify(post, b[s] + w[s] * x_row[s]);
    return;
  }
  std::int64_t s0 = 0;
  if (D % kVec16Width == 0) {
    // Sixteen somata at a time: one vector of products per soma (summed over D / 16 chunks),
    // then reduce16 gives their 16 sums in one vector, stored as y_row[s0 .. s0 + 15].
    for (; s0 + 16 <= S; s0 += 16) {
      Vec16 acc[16], xv, wv, sums, bias;
      for (int i = 0; i < 16; ++i) {
        const std::int64_t base = (s0 + i) * D;
        acc[i] = DENDRITE_BROADCAST16(0.0f);
        for (std::int64_t t = 0; t < D; t += kVec16Width) {
          load16(xv, x_row + base + t);
          load16(wv, w + base + t);
          acc[i] += xv * wv;
        }
      }
      reduce16(acc, sums);
      load16(bias, b + s0);
      sums += bias;
      rectify(post, sums);
      store16(y_row + s0, sums);
    }
  }
  for (std::int64_t s = s0; s < S; ++s) {
    float acc = b[s];
    for (std::int64_t t = 0; t < D; ++t) acc += w[s * D + t] * x_row[s * D + t];
    y_row[s] = rectify(post, acc);
  }
}

// One batch row: d_x_row[s*D + t] = w[s*D + t] * d_y_row[s].
DENDRITE_MULTIVERSION
void backward_data_row(std::int64_t S, std::int64_t D, const float* w, const float* d_y_row,
                       float* d_x_row) {
  if (D == 1) {
    for (std::int64_t s = 0; s < S; ++s) d_x_row[s] = w[s] * d_y_row[s];
    return;
  }
  for (std::int64_t s = 0; s < S; ++s)
    for (std::int64_t t = 0; t < D; ++t) d_x_row[s * D + t] = w[s * D + t] * d_y_row[s];
}

// Somata [s0, s1): d_w and d_b summed over the batch in order n = 0, 1, ...
DENDRITE_MULTIVERSION
void backward_weights_block(std::int64_t N, std::int64_t S, std::int64_t D, std::int64_t s0,
                            std::int64_t s1, const float* x, const float* d_y, float* d_w,
                            float* d_b) {
  if (d_w) std::fill(d_w + s0 * D, d_w + s1 * D, 0.0f);
  if (d_b) std::fill(d_b + s0, d_b + s1, 0.0f);
  for (std::int64_t n = 0; n < N; ++n) {
    const float* d_y_row = d_y + n * S;
    const float* x_row = x + n * S * D;
    if (d_w && D == 1) {  // elementwise: vectorizes over the somata
      for (std::int64_t s = s0; s < s1; ++s) d_w[s] += d_y_row[s] * x_row[s];
    } else if (d_w) {
      for (std::int64_t s = s0; s < s1; ++s)
        for (std::int64_t t = 0; t < D; ++t) d_w[s * D + t] += d_y_row[s] * x_row[s * D + t];
    }
    if (d_b) {
      for (std::int64_t s = s0; s < s1; ++s) d_b[s] += d_y_row[s];
    }
  }
}
}  // namespace

void somatic_forward(std::int64_t N, std::int64_t S, std::int64_t D, const float* x,
                     const float* w, const float* b, float* y, const Rectifier& post) {
#pragma omp parallel for schedule(static) if (N * S * D > kParallelWork)
  for (std::int64_t n = 0; n < N; ++n) forward_row(S, D, x + n * S * D, w, b, post, y + n * S);
}

void somatic_backward(std::int64_t N, std::int64_t S, std::int64_t D, const float* x,
                      const float* w, const float* d_y, float* d_x, float* d_w, float* d_b) {
  const bool parallel = N * S * D > kParallelWork;
  if (d_x) {
#pragma omp parallel for schedule(static) if (parallel)
    for (std::int64_t n = 0; n < N; ++n) backward_data_row(S, D, w, d_y + n * S, d_x + n * S * D);
  }
  if (d_w || d_b) {
    const std::int64_t blocks = (S + kSomaBlock - 1) / kSomaBlock;
#pragma omp parallel for schedule(static) if (parallel)
    for (std::int64_t blk = 0; blk < blocks; ++blk) {
      const std::int64_t s0 = blk * kSomaBlock;
      backward_weights_block(N, S, D, s0, std::min(S, s0 + kSomaBlock), x, d_y, d_w, d_b);
    }
  }
}

}  // namespace dendrite::cpu
