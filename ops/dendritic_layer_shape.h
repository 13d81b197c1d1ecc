// The shape rule of the fused dANN layer (ops/dendritic_layer.h), which is also the rule of its
// ONNX form ai.dendrite::DendriticLayer (export/specs/dendritic_layer_spec.h) and of the plugin's
// kernel (export/plugin/dendritic_layer_op.cpp): the dendritic layer's inputs (ops/dendritic_shape.h)
// followed by the somatic layer's weights, soma s owning dendrites s*D .. s*D + D - 1.
//   x [N, n_in], w [nnz], b [S*D], row_ptr [S*D + 1] (index), col [nnz] (index),
//   soma_w [S, D], soma_b [S] -> y [N, S]
#pragma once

#include "ops/dendritic_shape.h"
#include "ops/shape_rule.h"

namespace dendrite {

namespace dendritic_layer_shape {

inline constexpr RuleInput kInputs[] = {
    {"x", 2, InputKind::values},       {"w", 1, InputKind::values},      {"b", 1, InputKind::values},
    {"row_ptr", 1, InputKind::index},  {"col", 1, InputKind::index},     {"soma_w", 2, InputKind::values},
    {"soma_b", 1, InputKind::values}};
inline constexpr DimRef kOutput[] = {{0, 0}, {5, 0}};  // [N, S]

inline std::string check(const ShapeArgs& in) {
  const std::string dendrites = dendritic_shape::check(in);  // inputs 0-4 are the dendritic layer's
  if (!dendrites.empty()) return dendrites;
  const std::int64_t S = in.dim(5, 0), D = in.dim(5, 1);
  const std::int64_t SD = dims_product(S, D);
  if (dim_known(S) && dim_known(D) && !dim_known(SD)) return fmt::format("{} has more than 2^63 weights", in.text(5));
  if (!dims_agree(in.dim(2, 0), SD))
    return fmt::format("{} must have one bias per dendrite, S * D = {} * {} = {} for {}", in.text(2), S, D, SD,
                       in.text(5));
  if (!dims_agree(in.dim(6, 0), S))
    return fmt::format("{} must have one entry per soma, {} has S = {}", in.text(6), in.text(5), S);
  return {};
}

}  // namespace dendritic_layer_shape

inline constexpr std::size_t kSomaWeightInput = 5, kSomaBiasInput = 6;

inline constexpr ShapeRule kDendriticLayerShape{dendritic_layer_shape::kInputs, dendritic_layer_shape::kOutput,
                                                dendritic_layer_shape::check};

}  // namespace dendrite
