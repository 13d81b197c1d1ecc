// How each graph op of DENDRITE_OP_LIST (ops/registry.h) is exported to ONNX. Every op is named
// here exactly once, by one of:
//   STANDARD(op)        standard ONNX ops, written by export/mappings/<op>.cpp, which defines
//                       `void emit_<op>(OnnxNodeWriter&)` (listed in export/CMakeLists.txt);
//   CUSTOM(op)          one ai.dendrite node described by `<op>_spec()` (export/specs/<op>_spec.h,
//                       listed in DENDRITE_CUSTOM_OP_LIST, export/specs/custom_op_list.h);
//   SAME_AS(op, other)  written as `other` is: the same inputs, parameters and math. The masked
//                       forms of the sparse layers (`--impl masked`) are marked so: a model exports
//                       to the same file whichever way its sparse layers compute;
//   NOT_EXPORTED(op)    no ONNX form: training only (the exporter writes the nodes the logits
//                       depend on, so the loss is never asked for; an op it is asked for fails).
// tests/export/op_coverage_test.cpp fails for a registered op this list does not name.
#pragma once

#define DENDRITE_ONNX_EXPORT_LIST(STANDARD, CUSTOM, SAME_AS, NOT_EXPORTED) \
  STANDARD(dense)                                                          \
  STANDARD(activation)                                                     \
  STANDARD(dropout)                                                        \
  CUSTOM(dendritic)                                                        \
  CUSTOM(somatic)                                                          \
  SAME_AS(masked_dendritic, dendritic)                                     \
  SAME_AS(masked_somatic, somatic)                                         \
  NOT_EXPORTED(softmax_cross_entropy)
