// Graph IR: values (inputs, parameters, constants, intermediates) and the nodes that produce
// them. Shape inference runs when a node is added, so a graph that builds is well typed.
//
//   Graph g;
//   ValueId x = g.add_input("x", {{kBatch, 784}});
//   ValueId w = g.add_parameter("fc1.weight", Tensor({128, 784}));
//   ValueId b = g.add_parameter("fc1.bias", Tensor({128}));
//   ValueId h = g.add_node("dense", {x, w, b}, {}, "fc1");
//
// Nodes may only use values that already exist, so the order in which nodes are added is a
// topological order; the executor still orders (and prunes) with dependency counts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "framework/core/attrs.h"
#include "framework/core/tensor.h"
#include "ops/op.h"

namespace dendrite {

using ValueId = std::int32_t;
inline constexpr ValueId kNoValue = -1;

enum class ValueKind { input, parameter, constant, intermediate };
const char* value_kind_name(ValueKind k);

struct Value {
  std::string name;
  TensorType type;
  ValueKind kind = ValueKind::intermediate;
  int producer = -1;  // node index for intermediates
  Tensor data;        // parameters and constants
};

struct Node {
  std::string name;
  std::string op;
  std::vector<ValueId> inputs;
  std::vector<ValueId> outputs;
  Attrs attrs;
};

class Graph {
 public:
  ValueId add_input(const std::string& name, TensorType type);
  ValueId add_parameter(const std::string& name, Tensor init);
  ValueId add_constant(const std::string& name, Tensor data);
  // Adds a node and returns its outputs. Throws dendrite::Error naming the node when the op is
  // unknown, the input count is wrong or shape inference fails.
  std::vector<ValueId> add_node_multi(const std::string& op, const std::vector<ValueId>& inputs,
                                      const Attrs& attrs = {}, const std::string& name = "");
  // Same, for ops with exactly one output.
  ValueId add_node(const std::string& op, const std::vector<ValueId>& inputs,
                   const Attrs& attrs = {}, const std::string& name = "");

  const Value& value(ValueId id) const;
  Value& value(ValueId id);
  const std::vector<Value>& values() const { return values_; }
  const std::vector<Node>& nodes() const { return nodes_; }
  ValueId find(const std::string& name) const;  // kNoValue when absent

  std::vector<ValueId> parameters() const;
  std::vector<ValueId> inputs() const;
  std::int64_t num_parameter_elements() const;

 private:
  ValueId add_value(Value v);
  std::vector<Value> values_;
  std::vector<Node> nodes_;
};

}  // namespace dendrite
