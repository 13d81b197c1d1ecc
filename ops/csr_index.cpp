#include "ops/csr_index.h"

#include "framework/core/error.h"

namespace dendrite {

void validate_csr(const char* op, const CsrIndex& csr) {
  const std::int32_t* rp = csr.row_ptr;
  DENDRITE_CHECK(rp[0] == 0, "{}: row_ptr[0] must be 0, got {}", op, rp[0]);
  for (std::int64_t j = 0; j < csr.n_out; ++j) {
    DENDRITE_CHECK(rp[j + 1] >= rp[j],
                   "{}: row_ptr must not decrease, but row_ptr[{}] = {} < row_ptr[{}] = {}", op,
                   j + 1, rp[j + 1], j, rp[j]);
  }
  DENDRITE_CHECK(rp[csr.n_out] == csr.nnz,
                 "{}: row_ptr[{}] (the last entry) must equal the number of connections {}, got {}",
                 op, csr.n_out, csr.nnz, rp[csr.n_out]);
  for (std::int64_t e = 0; e < csr.nnz; ++e) {
    DENDRITE_CHECK(csr.col[e] >= 0 && csr.col[e] < csr.n_in,
                   "{}: col[{}] = {} is not an input index in [0, {})", op, e, csr.col[e],
                   csr.n_in);
  }
}

bool CsrTracker::update(const char* op, const Tensor& row_ptr, const Tensor& col,
                        std::int64_t n_in) {
  if (row_ptr.raw() == row_ptr_.raw() && col.raw() == col_.raw() && n_in == index_.n_in &&
      row_ptr.numel() == row_ptr_.numel() && col.numel() == col_.numel() && row_ptr_.numel() > 0)
    return false;
  CsrIndex index;
  index.n_out = row_ptr.numel() - 1;
  index.n_in = n_in;
  index.nnz = col.numel();
  index.row_ptr = row_ptr.i32();
  index.col = col.i32();
  DENDRITE_CHECK(index.n_out >= 0, "{}: row_ptr must have at least one entry", op);
  validate_csr(op, index);
  row_ptr_ = row_ptr;  // shares storage: keeps the address from being reused
  col_ = col;
  index_ = index;
  return true;
}

}  // namespace dendrite
