// Checks shared by the ops' shape inference (the `infer` functions of OpDef). Every error
// starts with the op name and shows the offending type, e.g.
//   "dense: input w must be rank 2, got f32[784]".
//
//   expect_type("dense", "x", in[0], DType::f32, 2);
//   if (!dims_agree(a, b)) throw Error(...);
#pragma once

#include "framework/core/tensor.h"
#include "ops/op.h"

namespace dendrite {

// dtype and rank of one input.
void expect_type(const char* op, const char* input, const TensorType& t, DType dtype, int rank);
// No kBatch anywhere in the shape (parameters, index tensors).
void expect_concrete(const char* op, const char* input, const TensorType& t);
// Two dimensions that must be equal; kBatch agrees with anything (bound later).
bool dims_agree(std::int64_t a, std::int64_t b);

}  // namespace dendrite
