// Import of ONNX files written by export_model: the model is rebuilt from the ModelSpec in the
// file's metadata (dendrite.model_spec), then every parameter and constant is copied from the
// initializer of the same name, checking dtype, shape and (for weights) finite values;
// connectivity index tensors are checked for range and order before any kernel sees them.
//
//   Model m = import_onnx("model.onnx");   // Error naming the file and what is wrong
//   Executor exec(m.graph, {Backend::optimized, {m.logits}});
//
// Only the initializers and the metadata are read: the graph's nodes are not interpreted (the
// custom-domain nodes are checked for their op types, inputs and attributes, by their specs).
#pragma once

#include <string>

#include <onnx/onnx_pb.h>

#include "export/specs/custom_op_spec.h"
#include "framework/model/model.h"

namespace dendrite {

Model import_onnx(const std::string& path);
// Same, from a parsed model; `source` names it in errors (a path, usually).
Model model_from_onnx(const onnx::ModelProto& proto, const std::string& source);
// One node of an ai.dendrite op against its spec: the spec's number of inputs, one output, only
// attributes it declares, of their types. Throws Error naming `source`, the node and the problem.
void check_custom_node(const CustomOpSpec& spec, const onnx::NodeProto& node, const std::string& source);

}  // namespace dendrite
