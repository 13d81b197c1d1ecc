// Optimized kernels of the CSR (dendritic) layer. They work on batch-innermost ("transposed")
// activations, so every connection is an AXPY over the batch, vectorized, with the outputs of
// one unit accumulated in registers:
//   x_t: [n_in, N], y_t / d_y_t: [n_out, N], d_x_t: [n_in, N], w: [nnz], b: [n_out]
// Threads split the output units (forward, d_w, d_b) or the input units (d_x, through a CSC
// copy of the index), so no two threads write the same element and results do not depend on
// scheduling: the same inputs give the same bits on every run with the same thread count.
//
//   CscIndex csc = make_csc(csr);                    // once per index tensor (for d_x)
//   csr_forward(csr, N, x_t, w, b, y_t);
//   csr_backward_weights(csr, N, x_t, d_y_t, d_w, d_b);
//   csr_backward_data(csc, N, d_y_t, w, w_csc_buf, d_x_t);
//   csr_forward_rows(csr, N, x_t, w, b, y);              // y: [N, n_out], no y_t
//   csr_backward_weights_rows(csr, N, x_t, d_y, d_w, d_b);
//   csr_forward_rows(csr, N, x_t, w, b, y, post, y_t);   // y = post(x w + b) (rectifier.h), y_t its copy
//   csr_backward_weights_rows(csr, N, x_t, d_y, d_w, d_b, post, y_t);
#pragma once

#include <cstdint>
#include <vector>

#include "ops/cpu/rectifier.h"
#include "ops/csr_index.h"

namespace dendrite::cpu {

// The same connections grouped by input unit: the connections of input i are k in
// [col_ptr[i], col_ptr[i+1]), each to output row[k], being connection edge[k] of the CSR.
// Within an input, connections keep their CSR order.
struct CscIndex {
  std::vector<std::int32_t> col_ptr;  // [n_in + 1]
  std::vector<std::int32_t> row;      // [nnz]
  std::vector<std::int32_t> edge;     // [nnz]
};
CscIndex make_csc(const CsrIndex& csr);

// y_t[j, :] = post(b[j] + sum_{e in row j} w[e] * x_t[col[e], :])
void csr_forward(const CsrIndex& csr, std::int64_t N, const float* x_t, const float* w,
                 const float* b, float* y_t, const Rectifier& post = {});

// d_w[e] = sum_n d_z_t[j, n] * x_t[col[e], n]  (j the row of e; skipped when d_w is null)
// d_b[j] = sum_n d_z_t[j, n]                   (skipped when d_b is null)
// where d_z_t = d_y_t, or with post on, d_y_t through the rectifier's backward at y_t ([n_out, N],
// the forward's output), applied row by row on the way.
void csr_backward_weights(const CsrIndex& csr, std::int64_t N, const float* x_t,
                          const float* d_y_t, float* d_w, float* d_b, const Rectifier& post = {},
                          const float* y_t = nullptr);

// d_x_t[i, :] = sum_{k in column i} w[edge[k]] * d_y_t[row[k], :]; inputs without connections
// get zeros. w_csc: caller's buffer of nnz floats (receives w in CSC order).
void csr_backward_data(const CscIndex& csc, std::int64_t N, const float* d_y_t, const float* w,
                       float* w_csc, float* d_x_t);

// The same forward and weight gradient with the output side row-major, as the graph stores it
// (NOTE [row-major tiles] in csr_kernels.cpp): no [n_out, N] copy is made.
//   y / d_y: [N, n_out]
// y[n, j] = post(b[j] + sum_{e in row j} w[e] * x_t[col[e], n]); when y_t is not null it also
// receives y batch-innermost ([n_out, N]: the tiles are computed there, so it costs little).
void csr_forward_rows(const CsrIndex& csr, std::int64_t N, const float* x_t, const float* w,
                      const float* b, float* y, const Rectifier& post = {}, float* y_t = nullptr);
// d_w[e] = sum_n d_z[n, j] * x_t[col[e], n], d_b[j] = sum_n d_z[n, j] (null ones skipped), where
// d_z = d_y, or with post on, d_y through the rectifier's backward at the forward's output, read
// from y_t ([n_out, N], as csr_forward_rows wrote it).
void csr_backward_weights_rows(const CsrIndex& csr, std::int64_t N, const float* x_t,
                               const float* d_y, float* d_w, float* d_b, const Rectifier& post = {},
                               const float* y_t = nullptr);

}  // namespace dendrite::cpu
