// The custom ops of the plugin, each a process-wide immutable OrtCustomOp that
// register_custom_ops.cpp adds to the "ai.dendrite" domain:
//   Dendritic(X f32[N, n_in], W f32[nnz], B f32[n_out], indptr i32|i64[n_out + 1],
//             indices i32|i64[nnz]) -> Y f32[N, n_out]        (dendritic_op.cpp)
//   Somatic(X f32[N, S*D], W f32[S, D], B f32[S]) -> Y f32[N, S]   (somatic_op.cpp)
// Inputs are declared with any element type, so a wrongly typed model reaches the kernel and gets
// its message (instead of ORT silently running the model-local function body); the kernels
// check every type and shape at run time.
#pragma once

#include "export/plugin/ort_headers.h"

namespace dendrite::plugin {

const OrtCustomOp* dendritic_op();
const OrtCustomOp* somatic_op();

}  // namespace dendrite::plugin
