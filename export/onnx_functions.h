// Model-local ONNX functions for the ai.dendrite ops: each custom op written with standard ops
// (opset 17), so a runtime without the dendrite plugin (onnxruntime-node, onnx's reference
// evaluator, ...) inlines the body and computes the same outputs, while a runtime with the plugin
// registered runs the plugin's kernel instead. The exporter adds the function of every custom op
// the model uses.
//
//   onnx::FunctionProto f = dendritic_function();   // domain "ai.dendrite", name "Dendritic"
//   *model.add_functions() = f;
#pragma once

#include <string>

#include <onnx/onnx_pb.h>

namespace dendrite {

// Dendritic(X, W, B, indptr, indices) -> Y; see onnx_schemas.h for the semantics.
onnx::FunctionProto dendritic_function();
// Somatic(X, W, B) -> Y.
onnx::FunctionProto somatic_function();
// The function of a custom op by its op type; throws Error for an op without one.
onnx::FunctionProto custom_op_function(const std::string& op_type);

}  // namespace dendrite
