// Model-local ONNX functions for the ai.dendrite ops: each custom op written with standard ops
// (opset 17), so a runtime without the dendrite plugin (onnxruntime-node, onnx's reference
// evaluator, ...) inlines the body and computes the same outputs, while a runtime with the plugin
// registered runs the plugin's kernel instead. The exporter adds the function of every custom op
// the model uses. The body's statements come from the op's spec (export/specs/<op>_spec.h), for
// the node's attribute values; the signature (name, inputs, output) from the spec's names.
//
//   const Attrs attrs = custom_op_attrs(somatic_spec(), node.attrs);   // defaults filled in
//   *model.add_functions() = custom_op_function(somatic_spec(), attrs);
#pragma once

#include <string>

#include <onnx/onnx_pb.h>

#include "export/specs/custom_op_spec.h"
#include "framework/core/attrs.h"

namespace dendrite {

// Every attribute of the spec: the value `given` holds (which must have the spec's type), or the
// default. Throws Error naming an attribute the spec does not declare or one of the wrong type.
Attrs custom_op_attrs(const CustomOpSpec& spec, const Attrs& given);

// The function's text in ONNX's textual syntax, and the parsed function (domain "ai.dendrite",
// name spec.name), for a node with these attributes (as custom_op_attrs returns them).
std::string custom_op_function_text(const CustomOpSpec& spec, const Attrs& attrs);
onnx::FunctionProto custom_op_function(const CustomOpSpec& spec, const Attrs& attrs);
// The function of such a text (documented by the spec's function_doc).
onnx::FunctionProto parse_custom_op_function(const CustomOpSpec& spec, const std::string& text);

}  // namespace dendrite
