// Reference helpers for the sparse layers: expand their weights into the dense masked matrix
// (zeros where there is no connection) so the reference kernels can do plain dense math, and
// gather a dense weight gradient back at the connections.
//
//   csr_to_dense(csr, w, dense);        // dense: [n_out, n_in]
//   dense_backward(..., d_dense, ...);
//   gather_csr(csr, d_dense, d_w);      // d_w: [nnz]
#pragma once

#include <cstdint>

#include "ops/csr_index.h"

namespace dendrite::reference {

// dense[j, col[e]] += w[e] for every connection e of row j (dense zeroed first).
void csr_to_dense(const CsrIndex& csr, const float* w, float* dense);
// d_w[e] = d_dense[j, col[e]]
void gather_csr(const CsrIndex& csr, const float* d_dense, float* d_w);

// Block-diagonal somatic weights w: [S, D] -> dense: [S, S*D], dense[s, s*D + t] = w[s, t].
void block_to_dense(std::int64_t S, std::int64_t D, const float* w, float* dense);
// d_w[s, t] = d_dense[s, s*D + t]
void gather_block(std::int64_t S, std::int64_t D, const float* d_dense, float* d_w);

}  // namespace dendrite::reference
