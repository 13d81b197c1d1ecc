#include "export/plugin/csr_input.h"

#include <cstring>
#include <limits>

#include "export/specs/dendritic_spec.h"

namespace dendrite::plugin {

namespace {

// Copies an int32 or int64 tensor into int32 values; an int64 value outside the int32 range is
// reported through `describe(position, value)` (it can be neither a valid offset nor an index).
template <typename Describe>
std::vector<std::int32_t> to_int32(const TensorArg& t, Describe describe) {
  const std::int64_t n = t.numel();
  std::vector<std::int32_t> out(static_cast<std::size_t>(n));
  if (t.type == ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32) {
    if (n > 0) std::memcpy(out.data(), t.data, static_cast<std::size_t>(n) * sizeof(std::int32_t));
    return out;
  }
  const auto* v = static_cast<const std::int64_t*>(t.data);
  for (std::int64_t i = 0; i < n; ++i) {
    if (v[i] < std::numeric_limits<std::int32_t>::min() ||
        v[i] > std::numeric_limits<std::int32_t>::max())
      describe(i, v[i]);
    out[static_cast<std::size_t>(i)] = static_cast<std::int32_t>(v[i]);
  }
  return out;
}

}  // namespace

CsrInput::CsrInput(const std::string& label, const TensorArg& indptr, const TensorArg& indices,
                   std::int64_t n_in)
    : indptr_source_(source_of(indptr)), indices_source_(source_of(indices)) {
  // validate_csr names the index tensors as the graph op does; say which inputs those are:
  // "CSR index (indptr = row_ptr, indices = col)".
  const ConstList<OnnxInput>& onnx = dendritic_spec().inputs;
  const ConstList<RuleInput>& graph = kDendriticShape.inputs;
  const std::string where = fmt::format("{}: CSR index ({} = {}, {} = {})", label, onnx[kRowPtrInput].name,
                                        graph[kRowPtrInput].name, onnx[kColInput].name, graph[kColInput].name);
  const std::int64_t nnz = indices.numel();
  DENDRITE_CHECK(indptr.numel() >= 1, "{}: row_ptr must have at least one entry", where);
  DENDRITE_CHECK(nnz <= std::numeric_limits<std::int32_t>::max(),
                 "{}: {} connections exceed the int32 offsets the kernel uses", where, nnz);
  row_ptr_ = to_int32(indptr, [&](std::int64_t j, std::int64_t v) {
    throw Error(fmt::format("{}: row_ptr[{}] = {} is not an offset in [0, {}]", where, j, v, nnz));
  });
  col_ = to_int32(indices, [&](std::int64_t e, std::int64_t v) {
    throw Error(fmt::format("{}: col[{}] = {} is not an input index in [0, {})", where, e, v, n_in));
  });
  index_.n_out = indptr.numel() - 1;
  index_.n_in = n_in;
  index_.nnz = nnz;
  index_.row_ptr = row_ptr_.data();
  index_.col = col_.data();
  validate_csr(where.c_str(), index_);
}

bool CsrInput::built_from(const TensorArg& indptr, const TensorArg& indices,
                          std::int64_t n_in) const {
  return n_in == index_.n_in && source_of(indptr) == indptr_source_ &&
         source_of(indices) == indices_source_;
}

ConstantCsr::ConstantCsr(const std::string& label, const CustomOpSpec& spec, const OrtKernelInfo* info) noexcept {
  try {
    const Ort::ConstKernelInfo k(info);
    int ptr_constant = 0, idx_constant = 0;
    const Ort::ConstValue indptr = k.GetTensorConstantInput(kRowPtrInput, &ptr_constant);
    const Ort::ConstValue indices = k.GetTensorConstantInput(kColInput, &idx_constant);
    if (!ptr_constant || !idx_constant) return;
    const std::vector<std::int64_t> x_shape = k.GetInputTypeInfo(0).GetTensorTypeAndShapeInfo().GetShape();
    if (x_shape.size() != 2 || x_shape[1] < 0) return;  // width known at run time only
    const TensorArg ptr = tensor_arg(spec.inputs[kRowPtrInput].name, indptr);
    const TensorArg idx = tensor_arg(spec.inputs[kColInput].name, indices);
    check_input(label, spec, kRowPtrInput, ptr);
    check_input(label, spec, kColInput, idx);
    constant_ = std::make_unique<const CsrInput>(label, ptr, idx, x_shape[1]);
  } catch (...) {
    constant_.reset();  // each call then checks its inputs
  }
}

const CsrInput& ConstantCsr::for_call(const std::string& label, const TensorArg& indptr, const TensorArg& indices,
                                      std::int64_t n_in, std::unique_ptr<const CsrInput>& call) const {
  if (constant_ && constant_->built_from(indptr, indices, n_in)) return *constant_;
  call = std::make_unique<const CsrInput>(label, indptr, indices, n_in);
  return *call;
}

}  // namespace dendrite::plugin
