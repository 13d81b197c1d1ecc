// CSR connectivity of the sparse (dendritic) layers, stored by output unit: the connections of
// output j are e in [row_ptr[j], row_ptr[j+1]), each from input col[e] with weight w[e]. Only
// existing connections are stored. Duplicate (j, col) pairs and unsorted columns are allowed
// (duplicates simply add up).
//
//   CsrTracker tracker;                                  // one per kernel
//   if (tracker.update("dendritic", row_ptr, col, n_in)) // validates new index tensors only
//     rebuild_derived_structures(tracker.index());
//
// row_ptr: [n_out + 1] i32, col: [nnz] i32.
#pragma once

#include <cstdint>

#include "framework/core/tensor.h"

namespace dendrite {

struct CsrIndex {
  std::int64_t n_out = 0;
  std::int64_t n_in = 0;
  std::int64_t nnz = 0;
  const std::int32_t* row_ptr = nullptr;  // [n_out + 1]
  const std::int32_t* col = nullptr;      // [nnz]
};

// Checks that row_ptr starts at 0, never decreases and ends at nnz, and that every col is in
// [0, n_in). Throws dendrite::Error naming the op, the position and the value.
void validate_csr(const char* op, const CsrIndex& csr);

// Remembers the index tensors a kernel last validated, so validation (and anything derived from
// the index, such as a transposed copy) happens once per new index tensor, not every step.
// NOTE [index tensors are immutable]: a tensor is recognised by its storage; the tracker holds a
// reference, so that storage cannot be freed and reused for another tensor. Changing the
// contents of an index tensor in place after a kernel has seen it is not detected: bind a new
// tensor instead.
class CsrTracker {
 public:
  // True when (row_ptr, col, n_in) differ from the last successful call; such new tensors are
  // validated (throwing on bad indices) before they are remembered.
  bool update(const char* op, const Tensor& row_ptr, const Tensor& col, std::int64_t n_in);
  const CsrIndex& index() const { return index_; }

 private:
  Tensor row_ptr_, col_;
  CsrIndex index_;
};

}  // namespace dendrite
