// The shape rule of the dendritic layer (ops/dendritic.cpp), which is also the rule of its ONNX
// form ai.dendrite::Dendritic (export/specs/dendritic_spec.h) and of the plugin's kernel
// (export/plugin/dendritic_op.cpp): a sparse layer in CSR form by output unit.
//   x [N, n_in], w [nnz], b [n_out], row_ptr [n_out + 1] (index), col [nnz] (index) -> y [N, n_out]
// (The index contents, ranges and order, are checked by validate_csr in ops/csr_index.h.)
#pragma once

#include "ops/shape_rule.h"

namespace dendrite {

namespace dendritic_shape {

inline constexpr RuleInput kInputs[] = {{"x", 2, InputKind::values},     {"w", 1, InputKind::values},
                                        {"b", 1, InputKind::values},     {"row_ptr", 1, InputKind::index},
                                        {"col", 1, InputKind::index}};
inline constexpr DimRef kOutput[] = {{0, 0}, {2, 0}};  // [N, n_out]

inline std::string check(const ShapeArgs& in) {
  if (!dims_agree(in.dim(1, 0), in.dim(4, 0)))
    return fmt::format("{} and {} must have the same length (one entry per connection)", in.text(1), in.text(4));
  const std::int64_t n_out = in.dim(2, 0);
  if (dim_known(n_out) && n_out < std::numeric_limits<std::int64_t>::max() && !dims_agree(in.dim(3, 0), n_out + 1))
    return fmt::format("{} must have n_out + 1 = {} entries for {} (n_out = {})", in.text(3), n_out + 1, in.text(2),
                       n_out);
  return {};
}

}  // namespace dendritic_shape

// Where the CSR index is among the inputs.
inline constexpr std::size_t kRowPtrInput = 3, kColInput = 4;

inline constexpr ShapeRule kDendriticShape{dendritic_shape::kInputs, dendritic_shape::kOutput,
                                           dendritic_shape::check};

}  // namespace dendrite
