#include "ops/cpu/csr_kernels.h"

#include "ops/cpu/multiversion.h"
#include "ops/cpu/vec16.h"

namespace dendrite::cpu {

namespace {
// Below this many multiply-adds a loop runs on one thread (a parallel region costs more).
constexpr std::int64_t kParallelWork = 1 << 15;

// Batch block: 64 floats in 4 Vec16 accumulators (4 AVX-512 or 8 AVX2 registers), enough
// independent chains to hide the FMA latency.
constexpr std::int64_t kBlock = 4 * kVec16Width;

// out[n] = init + sum_k coef[k] * src[idx[k] * N + n], n in [0, N).
// The one inner loop of the layer: a weighted sum of gathered batch rows, accumulated in
// registers one 64-wide batch block at a time.
DENDRITE_MULTIVERSION
void gather_axpy(const std::int32_t* idx, const float* coef, std::int64_t len, float init,
                 const float* src, std::int64_t N, float* out) {
  std::int64_t n0 = 0;
  for (; n0 + kBlock <= N; n0 += kBlock) {
    Vec16 a0 = DENDRITE_BROADCAST16(init), a1 = a0, a2 = a0, a3 = a0, v;
    for (std::int64_t k = 0; k < len; ++k) {
      const Vec16 c = DENDRITE_BROADCAST16(coef[k]);
      const float* s = src + idx[k] * N + n0;
      load16(v, s);
      a0 += c * v;
      load16(v, s + 16);
      a1 += c * v;
      load16(v, s + 32);
      a2 += c * v;
      load16(v, s + 48);
      a3 += c * v;
    }
    store16(out + n0, a0);
    store16(out + n0 + 16, a1);
    store16(out + n0 + 32, a2);
    store16(out + n0 + 48, a3);
  }
  for (std::int64_t n = n0; n < N; ++n) {  // the last partial block, one element at a time
    float acc = init;
    for (std::int64_t k = 0; k < len; ++k) acc += coef[k] * src[idx[k] * N + n];
    out[n] = acc;
  }
}

// sum_n a[n] * b[n] in a fixed order: 64 running lane sums, then lane by lane, then the tail.
DENDRITE_MULTIVERSION
float dot(const float* a, const float* b, std::int64_t N) {
  Vec16 s0 = DENDRITE_BROADCAST16(0.0f), s1 = s0, s2 = s0, s3 = s0, va, vb;
  std::int64_t n = 0;
  for (; n + kBlock <= N; n += kBlock) {
    load16(va, a + n), load16(vb, b + n);
    s0 += va * vb;
    load16(va, a + n + 16), load16(vb, b + n + 16);
    s1 += va * vb;
    load16(va, a + n + 32), load16(vb, b + n + 32);
    s2 += va * vb;
    load16(va, a + n + 48), load16(vb, b + n + 48);
    s3 += va * vb;
  }
  s0 += s1;
  s2 += s3;
  s0 += s2;
  float total = lane_sum16(s0);
  for (; n < N; ++n) total += a[n] * b[n];
  return total;
}

// sum_n a[n], in the same fixed order as dot().
DENDRITE_MULTIVERSION
float sum(const float* a, std::int64_t N) {
  Vec16 s0 = DENDRITE_BROADCAST16(0.0f), s1 = s0, s2 = s0, s3 = s0, va;
  std::int64_t n = 0;
  for (; n + kBlock <= N; n += kBlock) {
    load16(va, a + n);
    s0 += va;
    load16(va, a + n + 16);
    s1 += va;
    load16(va, a + n + 32);
    s2 += va;
    load16(va, a + n + 48);
    s3 += va;
  }
  s0 += s1;
  s2 += s3;
  s0 += s2;
  float total = lane_sum16(s0);
  for (; n < N; ++n) total += a[n];
  return total;
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
                 const float* b, float* y_t) {
#pragma omp parallel for schedule(dynamic, 16) if (csr.nnz * N > kParallelWork)
  for (std::int64_t j = 0; j < csr.n_out; ++j) {
    const std::int32_t begin = csr.row_ptr[j];
    gather_axpy(csr.col + begin, w + begin, csr.row_ptr[j + 1] - begin, b[j], x_t, N,
                y_t + j * N);
  }
}

void csr_backward_weights(const CsrIndex& csr, std::int64_t N, const float* x_t,
                          const float* d_y_t, float* d_w, float* d_b) {
#pragma omp parallel for schedule(dynamic, 16) if (csr.nnz * N > kParallelWork)
  for (std::int64_t j = 0; j < csr.n_out; ++j) {
    const float* d_y_row = d_y_t + j * N;
    if (d_w) {
      for (std::int32_t e = csr.row_ptr[j]; e < csr.row_ptr[j + 1]; ++e)
        d_w[e] = dot(d_y_row, x_t + csr.col[e] * N, N);
    }
    if (d_b) d_b[j] = sum(d_y_row, N);
  }
}

void csr_backward_data(const CscIndex& csc, std::int64_t N, const float* d_y_t, const float* w,
                       float* w_csc, float* d_x_t) {
  const std::int64_t nnz = static_cast<std::int64_t>(csc.edge.size());
  const std::int64_t n_in = static_cast<std::int64_t>(csc.col_ptr.size()) - 1;
  for (std::int64_t k = 0; k < nnz; ++k) w_csc[k] = w[csc.edge[static_cast<std::size_t>(k)]];
#pragma omp parallel for schedule(dynamic, 16) if (nnz * N > kParallelWork)
  for (std::int64_t i = 0; i < n_in; ++i) {
    const std::int32_t begin = csc.col_ptr[static_cast<std::size_t>(i)];
    const std::int32_t end = csc.col_ptr[static_cast<std::size_t>(i + 1)];
    gather_axpy(csc.row.data() + begin, w_csc + begin, end - begin, 0.0f, d_y_t, N,
                d_x_t + i * N);
  }
}

}  // namespace dendrite::cpu
