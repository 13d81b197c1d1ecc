#include "ops/reference/masked_dense.h"

#include <algorithm>

namespace dendrite::reference {

void csr_to_dense(const CsrIndex& csr, const float* w, float* dense) {
  std::fill(dense, dense + csr.n_out * csr.n_in, 0.0f);
  for (std::int64_t j = 0; j < csr.n_out; ++j)
    for (std::int64_t e = csr.row_ptr[j]; e < csr.row_ptr[j + 1]; ++e)
      dense[j * csr.n_in + csr.col[e]] += w[e];
}

void gather_csr(const CsrIndex& csr, const float* d_dense, float* d_w) {
  for (std::int64_t j = 0; j < csr.n_out; ++j)
    for (std::int64_t e = csr.row_ptr[j]; e < csr.row_ptr[j + 1]; ++e)
      d_w[e] = d_dense[j * csr.n_in + csr.col[e]];
}

void block_to_dense(std::int64_t S, std::int64_t D, const float* w, float* dense) {
  std::fill(dense, dense + S * S * D, 0.0f);
  for (std::int64_t s = 0; s < S; ++s)
    for (std::int64_t t = 0; t < D; ++t) dense[s * (S * D) + s * D + t] = w[s * D + t];
}

void gather_block(std::int64_t S, std::int64_t D, const float* d_dense, float* d_w) {
  for (std::int64_t s = 0; s < S; ++s)
    for (std::int64_t t = 0; t < D; ++t) d_w[s * D + t] = d_dense[s * (S * D) + s * D + t];
}

}  // namespace dendrite::reference
