#include "ops/infer_util.h"

#include "framework/core/error.h"

namespace dendrite {

static_assert(kBatch == kUnknownDim, "the graph's batch is the dimension a shape rule does not know");

void expect_type(const char* op, const char* input, const TensorType& t, DType dtype, int rank) {
  DENDRITE_CHECK(t.dtype == dtype, "{}: input {} must be {}, got {}", op, input,
                 dtype_name(dtype), type_str(t));
  DENDRITE_CHECK(static_cast<int>(t.shape.size()) == rank, "{}: input {} must be rank {}, got {}",
                 op, input, rank, type_str(t));
}

void expect_concrete(const char* op, const char* input, const TensorType& t) {
  for (std::int64_t d : t.shape)
    DENDRITE_CHECK(d != kBatch, "{}: input {} must have a fixed shape, got {}", op, input,
                   type_str(t));
}

TensorType infer_by_rule(const char* op, const ShapeRule& rule, const std::vector<TensorType>& in) {
  DENDRITE_ASSERT(in.size() == rule.inputs.size(), "{}: {} inputs for a rule of {}", op, in.size(),
                  rule.inputs.size());
  std::vector<ShapeInput> args;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const RuleInput& r = rule.inputs[i];
    expect_type(op, r.name, in[i], r.kind == InputKind::index ? DType::i32 : DType::f32, r.rank);
    args.push_back({r.name, true, in[i].shape, type_str(in[i])});
  }
  const ShapeArgs shapes(std::move(args));
  const std::string problem = shape_error(rule, shapes);
  DENDRITE_CHECK(problem.empty(), "{}: {}", op, problem);
  return {output_dims(rule, shapes), DType::f32};
}

void set_inputs_by_rule(OpDef& def, const ShapeRule& rule) {
  def.num_inputs = static_cast<int>(rule.inputs.size());
  def.differentiable.clear();
  for (const RuleInput& in : rule.inputs) def.differentiable.push_back(in.kind == InputKind::values);
}

}  // namespace dendrite
