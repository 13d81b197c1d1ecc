// The custom ops of the plugin, one per entry of DENDRITE_CUSTOM_OP_LIST
// (export/specs/custom_op_list.h): export/plugin/<op>_op.cpp defines `<op>_op()`, a process-wide
// immutable OrtCustomOp (a SpecOp, spec_op.h) that register_custom_ops.cpp adds to the
// "ai.dendrite" domain. The kernels check every type and shape at run time, against the spec.
#pragma once

#include "export/plugin/ort_headers.h"
#include "export/specs/custom_op_list.h"

namespace dendrite::plugin {

#define DENDRITE_DECLARE_PLUGIN_OP(op) const OrtCustomOp* op##_op();
DENDRITE_CUSTOM_OP_LIST(DENDRITE_DECLARE_PLUGIN_OP)
#undef DENDRITE_DECLARE_PLUGIN_OP

}  // namespace dendrite::plugin
