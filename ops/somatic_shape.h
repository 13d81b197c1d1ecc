// The shape rule of the somatic layer (ops/somatic.cpp), which is also the rule of its ONNX form
// ai.dendrite::Somatic (export/specs/somatic_spec.h) and of the plugin's kernel
// (export/plugin/somatic_op.cpp): soma s sums its own D dendrites s*D .. s*D + D - 1.
//   x [N, S*D], w [S, D], b [S] -> y [N, S]
#pragma once

#include "ops/shape_rule.h"

namespace dendrite {

namespace somatic_shape {

inline constexpr RuleInput kInputs[] = {
    {"x", 2, InputKind::values}, {"w", 2, InputKind::values}, {"b", 1, InputKind::values}};
inline constexpr DimRef kOutput[] = {{0, 0}, {1, 0}};  // [N, S]

inline std::string check(const ShapeArgs& in) {
  const std::int64_t S = in.dim(1, 0), D = in.dim(1, 1);
  const std::int64_t SD = dims_product(S, D);
  if (dim_known(S) && dim_known(D) && !dim_known(SD))
    return fmt::format("{} has more than 2^63 weights", in.text(1));
  if (!dims_agree(in.dim(0, 1), SD))
    return fmt::format("{} must have S * D = {} * {} = {} columns for {}", in.text(0), S, D, SD, in.text(1));
  if (!dims_agree(in.dim(2, 0), S))
    return fmt::format("{} must have one entry per soma, {} has S = {}", in.text(2), in.text(1), S);
  return {};
}

}  // namespace somatic_shape

inline constexpr ShapeRule kSomaticShape{somatic_shape::kInputs, somatic_shape::kOutput, somatic_shape::check};

}  // namespace dendrite
