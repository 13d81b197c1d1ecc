// The CSR connectivity of a Dendritic node, read from its indptr and indices inputs (int32 or
// int64) and checked with validate_csr (ops/csr_index.h) for one input width n_in, so the
// framework's kernel can run on it without reading out of bounds. Held as int32 copies: the
// object never points into ONNX Runtime's buffers and stays valid on its own.
//
//   CsrInput csr(label, indptr, indices, n_in);   // throws Error naming the node and position
//   cpu::csr_forward(csr.index(), N, x_t, w, b, y_t);
//   if (csr.built_from(indptr, indices, n_in)) ...  // reuse for the same constant tensors
//
//   ConstantCsr constant(label, spec, info);        // in the kernel's constructor
//   std::unique_ptr<const CsrInput> copy;
//   const CsrInput& csr = constant.for_call(label, indptr, indices, n_in, copy);   // in compute()
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "export/plugin/kernel_support.h"
#include "ops/csr_index.h"

namespace dendrite::plugin {

class CsrInput {
 public:
  // indptr: [n_out + 1], indices: [nnz], each int32 or int64 (rank and types checked by the
  // caller). Throws Error when indptr does not run monotonically from 0 to nnz or an index is
  // outside [0, n_in).
  CsrInput(const std::string& label, const TensorArg& indptr, const TensorArg& indices,
           std::int64_t n_in);
  CsrInput(const CsrInput&) = delete;  // index_ points into this object's vectors
  CsrInput& operator=(const CsrInput&) = delete;

  const CsrIndex& index() const { return index_; }

  // True when this index was read from these very buffers (same addresses, types, lengths) and
  // checked for the same n_in: for constant initializers, whose contents never change.
  bool built_from(const TensorArg& indptr, const TensorArg& indices, std::int64_t n_in) const;

 private:
  struct Source {
    const void* data;
    ONNXTensorElementDataType type;
    std::int64_t length;
    bool operator==(const Source& o) const {
      return data == o.data && type == o.type && length == o.length;
    }
  };
  static Source source_of(const TensorArg& t) { return {t.data, t.type, t.numel()}; }

  std::vector<std::int32_t> row_ptr_, col_;
  CsrIndex index_;
  Source indptr_source_, indices_source_;
};

// NOTE [constant CSR index]: exported models hold indptr and indices as initializers, so a kernel
// reads and validates them once, when it is made, if the input width is static too. A call uses
// that copy only for those very buffers and width (CsrInput::built_from) and otherwise validates
// its own inputs. The copy is immutable, so concurrent runs share it safely. A constant index that
// fails validation is not kept: the call then reports the problem.
class ConstantCsr {
 public:
  // The index of `spec`'s inputs kRowPtrInput and kColInput (ops/dendritic_shape.h), with input 0
  // as X; never throws (an optimization only).
  ConstantCsr(const std::string& label, const CustomOpSpec& spec, const OrtKernelInfo* info) noexcept;
  // The index for this call's inputs: the constant one, or one read into `call` (throws Error
  // naming the node when that is not valid).
  const CsrInput& for_call(const std::string& label, const TensorArg& indptr, const TensorArg& indices,
                           std::int64_t n_in, std::unique_ptr<const CsrInput>& call) const;

 private:
  std::unique_ptr<const CsrInput> constant_;
};

}  // namespace dendrite::plugin
