#include "framework/graph/graph.h"

#include "framework/core/error.h"

namespace dendrite {

const char* value_kind_name(ValueKind k) {
  switch (k) {
    case ValueKind::input: return "input";
    case ValueKind::parameter: return "parameter";
    case ValueKind::constant: return "constant";
    case ValueKind::intermediate: return "intermediate";
  }
  return "?";
}

ValueId Graph::add_value(Value v) {
  DENDRITE_CHECK(!v.name.empty(), "graph values need a name");
  DENDRITE_CHECK(find(v.name) == kNoValue, "graph already has a value named '{}'", v.name);
  values_.push_back(std::move(v));
  return static_cast<ValueId>(values_.size() - 1);
}

ValueId Graph::add_input(const std::string& name, TensorType type) {
  Value v;
  v.name = name;
  v.type = std::move(type);
  v.kind = ValueKind::input;
  return add_value(std::move(v));
}

ValueId Graph::add_parameter(const std::string& name, Tensor init) {
  DENDRITE_CHECK(init.dtype() == DType::f32, "parameter '{}' must be f32", name);
  Value v;
  v.name = name;
  v.type = {init.shape(), init.dtype()};
  v.kind = ValueKind::parameter;
  v.data = std::move(init);
  return add_value(std::move(v));
}

ValueId Graph::add_constant(const std::string& name, Tensor data) {
  Value v;
  v.name = name;
  v.type = {data.shape(), data.dtype()};
  v.kind = ValueKind::constant;
  v.data = std::move(data);
  return add_value(std::move(v));
}

std::vector<ValueId> Graph::add_node_multi(const std::string& op, const std::vector<ValueId>& inputs,
                                           const Attrs& attrs, const std::string& name) {
  Node node;
  node.name = name.empty() ? fmt::format("{}_{}", op, nodes_.size()) : name;
  node.op = op;
  node.inputs = inputs;
  node.attrs = attrs;
  const OpDef* def = nullptr;
  std::vector<TensorType> in_types;
  std::vector<TensorType> out_types;
  try {
    def = &find_op(op);
    DENDRITE_CHECK(static_cast<int>(inputs.size()) == def->num_inputs, "takes {} inputs, got {}",
                   def->num_inputs, inputs.size());
    for (ValueId id : inputs) in_types.push_back(value(id).type);
    out_types = def->infer(in_types, attrs);
    DENDRITE_ASSERT(static_cast<int>(out_types.size()) == def->num_outputs,
                    "op {} inferred {} outputs, declares {}", op, out_types.size(), def->num_outputs);
  } catch (const Error& e) {
    throw Error(fmt::format("node '{}' ({}): {}", node.name, op, e.what()));
  }
  const int index = static_cast<int>(nodes_.size());
  for (std::size_t i = 0; i < out_types.size(); ++i) {
    Value v;
    v.name = out_types.size() == 1 ? node.name : fmt::format("{}:{}", node.name, i);
    v.type = out_types[i];
    v.kind = ValueKind::intermediate;
    v.producer = index;
    node.outputs.push_back(add_value(std::move(v)));
  }
  nodes_.push_back(std::move(node));
  return nodes_.back().outputs;
}

ValueId Graph::add_node(const std::string& op, const std::vector<ValueId>& inputs,
                        const Attrs& attrs, const std::string& name) {
  std::vector<ValueId> out = add_node_multi(op, inputs, attrs, name);
  DENDRITE_CHECK(out.size() == 1, "op '{}' has {} outputs; use add_node_multi", op, out.size());
  return out[0];
}

const Value& Graph::value(ValueId id) const {
  DENDRITE_CHECK(id >= 0 && id < static_cast<ValueId>(values_.size()), "no value with id {}", id);
  return values_[static_cast<std::size_t>(id)];
}

Value& Graph::value(ValueId id) {
  DENDRITE_CHECK(id >= 0 && id < static_cast<ValueId>(values_.size()), "no value with id {}", id);
  return values_[static_cast<std::size_t>(id)];
}

ValueId Graph::find(const std::string& name) const {
  for (std::size_t i = 0; i < values_.size(); ++i)
    if (values_[i].name == name) return static_cast<ValueId>(i);
  return kNoValue;
}

std::vector<ValueId> Graph::parameters() const {
  std::vector<ValueId> ids;
  for (std::size_t i = 0; i < values_.size(); ++i)
    if (values_[i].kind == ValueKind::parameter) ids.push_back(static_cast<ValueId>(i));
  return ids;
}

std::vector<ValueId> Graph::inputs() const {
  std::vector<ValueId> ids;
  for (std::size_t i = 0; i < values_.size(); ++i)
    if (values_[i].kind == ValueKind::input) ids.push_back(static_cast<ValueId>(i));
  return ids;
}

std::int64_t Graph::num_parameter_elements() const {
  std::int64_t n = 0;
  for (ValueId id : parameters()) n += value(id).data.numel();
  return n;
}

}  // namespace dendrite
