// The ONNX schemas of the custom domain "ai.dendrite" (version 1), one per op of
// DENDRITE_CUSTOM_OP_LIST, built from the op's spec (export/specs/<op>_spec.h): inputs and their
// type constraints (T: float values; I: int32 or int64 indices), attributes with defaults, and a
// shape inference function that runs the spec's shape rule, so the ONNX checker verifies the
// nodes and shape inference passes through them with the messages the plugin gives. Every
// exported file also carries a function body for each op built from standard ops
// (onnx_functions.h), for runtimes without the plugin.
//
//   register_dendrite_onnx_schemas();   // idempotent and thread-safe
//   onnx::checker::check_model(model);
#pragma once

#include <onnx/defs/schema.h>

#include "export/specs/custom_op_list.h"

namespace dendrite {

inline constexpr int kOnnxOpset = 17;  // of the default domain ""
inline constexpr int kOnnxIrVersion = 8;
// (kOnnxDomain and kOnnxDomainVersion: export/specs/custom_op_spec.h.)

// The schema of one spec (what register_dendrite_onnx_schemas registers for each listed op). The
// spec must outlive the schema: its shape inference reads it.
onnx::OpSchema custom_op_schema(const CustomOpSpec& spec);

// Registers the domain with ONNX's registry, then the schemas (once per process; does nothing when
// another component registered them already).
void register_dendrite_onnx_schemas();

}  // namespace dendrite
