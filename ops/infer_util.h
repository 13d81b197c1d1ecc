// Checks shared by the ops' shape inference (the `infer` functions of OpDef). Every error
// starts with the op name and shows the offending type, e.g.
//   "dense: input w must be rank 2, got f32[784]".
//
//   expect_type("dense", "x", in[0], DType::f32, 2);
//   if (!dims_agree(a, b)) throw Error(...);          // dims_agree: ops/shape_rule.h
//   TensorType y = infer_by_rule("somatic", kSomaticShape, in);
#pragma once

#include <vector>

#include "framework/core/tensor.h"
#include "ops/op.h"
#include "ops/shape_rule.h"

namespace dendrite {

// dtype and rank of one input.
void expect_type(const char* op, const char* input, const TensorType& t, DType dtype, int rank);
// No kBatch anywhere in the shape (parameters, index tensors).
void expect_concrete(const char* op, const char* input, const TensorType& t);

// The output type of an op whose shapes follow a ShapeRule (ops/shape_rule.h): every input must
// have its kind's dtype (f32 values, i32 indices) and the rule's rank, then the rule's check runs
// (kBatch is an unknown dimension); the output is f32 with the rule's dimensions. Throws Error
// "<op>: <problem>".
TensorType infer_by_rule(const char* op, const ShapeRule& rule, const std::vector<TensorType>& in);
// num_inputs and differentiable of such an op from its rule (index inputs get no gradient).
void set_inputs_by_rule(OpDef& def, const ShapeRule& rule);

}  // namespace dendrite
