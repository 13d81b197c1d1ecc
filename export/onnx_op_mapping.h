// The exporter's table of graph ops, built from DENDRITE_ONNX_EXPORT_LIST (export/onnx_op_list.h):
// for each exportable op, the function that writes one of its nodes as ONNX.
//
//   const OnnxOpMapping* mapping = find_onnx_mapping(node.op);   // nullptr: op not exportable
//   OnnxNodeWriter w(node, onnx_graph, input_names, output_names);
//   mapping->emit(w);                 // appends nodes; may alias outputs (dropout)
#pragma once

#include <string>
#include <vector>

#include "export/onnx_node_writer.h"
#include "export/onnx_op_list.h"
#include "export/specs/custom_op_spec.h"

namespace dendrite {

// The emission of each STANDARD op, defined in export/mappings/<op>.cpp.
#define DENDRITE_ONNX_DECLARE_EMIT(op) void emit_##op(OnnxNodeWriter& w);
#define DENDRITE_ONNX_SKIP_1(op)
#define DENDRITE_ONNX_SKIP_2(op, other)
DENDRITE_ONNX_EXPORT_LIST(DENDRITE_ONNX_DECLARE_EMIT, DENDRITE_ONNX_SKIP_1, DENDRITE_ONNX_SKIP_2, DENDRITE_ONNX_SKIP_1)
#undef DENDRITE_ONNX_DECLARE_EMIT

struct OnnxOpMapping {
  std::string op;                     // graph op name
  void (*emit)(OnnxNodeWriter&);      // throws Error for attributes it cannot express
  std::string same_as;                // the op whose form this op takes (SAME_AS); empty: its own
  const CustomOpSpec* custom;         // the ai.dendrite op it becomes (CUSTOM); nullptr: standard ops
};

// Every exportable op (STANDARD, CUSTOM and SAME_AS entries), in list order.
const std::vector<OnnxOpMapping>& onnx_mappings();
const OnnxOpMapping* find_onnx_mapping(const std::string& op);
// The ops marked NOT_EXPORTED.
const std::vector<std::string>& onnx_unexported_ops();
std::string onnx_mapped_op_list();  // "activation, dendritic, dense, ..." (sorted) for messages

}  // namespace dendrite
