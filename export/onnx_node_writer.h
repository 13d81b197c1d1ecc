// OnnxNodeWriter: what an op's ONNX emission (export/mappings/<op>.cpp, or the spec-driven one
// of the ai.dendrite ops) writes one graph node with.
//
//   OnnxNodeWriter w(node, onnx_graph, input_names, output_names);
//   w.add("Gemm", {w.input(0), w.input(1), w.input(2)}, {w.output(0)});
//   w.add_custom(somatic_spec());                 // an ai.dendrite node, its function recorded
//   names_of_outputs = w.outputs();               // an emission may alias outputs (dropout)
//
// Node and value names: the ONNX node that produces a graph node's output carries the graph
// node's name; helper nodes and values of a multi-node mapping are named "<node>/<what>".
#pragma once

#include <map>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "export/specs/custom_op_spec.h"
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
  // The function bodies (text, by op type) of the ai.dendrite nodes written.
  const std::map<std::string, std::string>& functions() const { return functions_; }

  // Appends a node of the default domain. An empty suffix names it after the graph node (the node
  // producing the graph node's output); otherwise "<node>/<suffix>".
  onnx::NodeProto& add(const std::string& op_type, const std::vector<std::string>& inputs,
                       const std::vector<std::string>& outputs, const std::string& suffix = "");
  // Appends the ai.dendrite node of `spec` on all of the graph node's inputs, in order, and its
  // output: the attributes are the graph node's (checked against the spec; defaults are not
  // written), and the function body for them is recorded, with those of the ops it calls.
  onnx::NodeProto& add_custom(const CustomOpSpec& spec);
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
  std::map<std::string, std::string> functions_;
};

}  // namespace dendrite
