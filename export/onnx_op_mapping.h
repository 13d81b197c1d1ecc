// How each graph op becomes ONNX nodes: one small function per op kind, in one table keyed by the
// op name (adding an op to the exporter = one function + one table row in onnx_op_mapping.cpp).
//
//   const OnnxOpMapping* mapping = find_onnx_mapping(node.op);   // nullptr: op not exportable
//   OnnxNodeWriter w(node, onnx_graph, input_names, output_names);
//   mapping->emit(w);                 // appends nodes; may alias outputs (dropout)
//   names_of_outputs = w.outputs();
//
// Node and value names: the ONNX node that produces a graph node's output carries the graph
// node's name; helper nodes and values of a multi-node mapping are named "<node>/<what>".
#pragma once

#include <set>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "framework/graph/graph.h"

namespace dendrite {

class OnnxNodeWriter {
 public:
  OnnxNodeWriter(const Node& node, onnx::GraphProto& graph, std::vector<std::string> inputs,
                 std::vector<std::string> outputs);

  const Node& node() const { return node_; }
  const std::string& input(std::size_t i) const;
  const std::string& output(std::size_t i) const;
  const std::vector<std::string>& outputs() const { return outputs_; }
  // Custom-domain op types the mappings used (their function bodies go into the model).
  const std::set<std::string>& custom_ops() const { return custom_ops_; }

  // Appends a node of the default domain. An empty suffix names it after the graph node (the node
  // producing the graph node's output); otherwise "<node>/<suffix>".
  onnx::NodeProto& add(const std::string& op_type, const std::vector<std::string>& inputs,
                       const std::vector<std::string>& outputs, const std::string& suffix = "");
  // Appends a node of the ai.dendrite domain and records its op type.
  onnx::NodeProto& add_custom(const std::string& op_type, const std::vector<std::string>& inputs,
                              const std::vector<std::string>& outputs);
  // Name of a helper value: "<node>/<suffix>".
  std::string temp(const std::string& suffix) const;
  // A Constant node holding a float scalar; returns the value's name "<node>/<suffix>".
  std::string scalar(const std::string& suffix, float value);
  // Output i is an existing value: no node is written for it (ops that vanish at inference).
  void alias_output(std::size_t i, const std::string& name);

 private:
  const Node& node_;
  onnx::GraphProto& graph_;
  std::vector<std::string> inputs_, outputs_;
  std::set<std::string> custom_ops_;
};

struct OnnxOpMapping {
  const char* op;                 // graph op name
  void (*emit)(OnnxNodeWriter&);  // throws Error for attributes it cannot express
};

const OnnxOpMapping* find_onnx_mapping(const std::string& op);
std::string onnx_mapped_op_list();  // "activation, dendritic, dense, ..." for messages

// The activation op (every ActivationKind); defined in onnx_activation_mapping.cpp.
void emit_activation(OnnxNodeWriter& w);

}  // namespace dendrite
