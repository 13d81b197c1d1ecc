// ai.dendrite::Somatic (version 1), the ONNX form of the graph op `somatic` (ops/somatic.cpp):
//   Somatic(X f32[N, S*D], W f32[S, D], B f32[S]) -> Y f32[N, S],
//   Y[n, s] = B[s] + sum_t W[s, t] * X[n, s*D + t]
// No attributes. Shapes: ops/somatic_shape.h. Kernel: export/plugin/somatic_op.cpp.
#pragma once

#include "export/specs/custom_op_spec.h"
#include "ops/somatic_shape.h"

namespace dendrite {

namespace somatic_spec_detail {

inline constexpr OnnxInput kInputs[] = {
    {"X", "dendrite outputs, [N, S*D], soma s owns columns s*D .. s*D + D - 1"},
    {"W", "dendrite -> soma weights, [S, D]"},
    {"B", "soma biases, [S]"},
};
static_assert(inputs_match(kInputs, kSomaticShape));

// The body: view X [N, S*D] as [N, S, D] (soma s owns columns s*D .. s*D + D - 1), multiply by
// W [S, D] (broadcast over N), sum over D, add B.
inline constexpr const char* kBody = R"ONNX(
  minus_one = Constant <value = int64[1] {-1}> ()
  last_axis = Constant <value = int64[1] {2}> ()
  w_shape = Shape (W)
  x3_shape = Concat <axis = 0> (minus_one, w_shape)
  x3 = Reshape (X, x3_shape)
  products = Mul (x3, W)
  sums = ReduceSum <keepdims = 0> (products, last_axis)
  Y = Add (sums, B)
)ONNX";

inline std::string body(const Attrs&) { return kBody; }

}  // namespace somatic_spec_detail

inline const CustomOpSpec& somatic_spec() {
  static constexpr CustomOpSpec kSpec{
      "Somatic",
      "Each soma sums its own D dendrites (block-diagonal connectivity): "
      "Y[n, s] = B[s] + sum over t < D of W[s, t] * X[n, s*D + t].",
      kSomaticShape,
      somatic_spec_detail::kInputs,
      {"Y", "soma inputs, [N, S]"},
      {},
      "Somatic as standard ops: reshape to [N, S, D], multiply by W, sum over D, add B.",
      somatic_spec_detail::body};
  return kSpec;
}

}  // namespace dendrite
