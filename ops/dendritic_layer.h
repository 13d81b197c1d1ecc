// dendritic_layer: one dANN layer (Chavlis & Poirazi) as one kernel, for the executor's layer
// fusion (framework/graph/executor.h). It is defined like an op (an OpDef: shape inference,
// an optimized and a reference kernel) but is not in the op list: no graph holds it. The
// executor runs it in place of the four nodes
//   dendritic(x, w, b, row_ptr, col) -> activation -> somatic(., soma_w, soma_b) -> activation
// and the exporter writes the same chain as one ONNX node (ai.dendrite::DendriticLayer).
//   inputs:  x [N, n_in], w [nnz], b [S*D], row_ptr [S*D + 1] i32, col [nnz] i32,
//            soma_w [S, D], soma_b [S]
//   output:  y [N, S]
//   attributes: dendrite_activation, dendrite_alpha, soma_activation, soma_alpha (the two
//            activation nodes' kind and alpha)
// Optimized: ops/cpu/dendritic_layer.h, for rectifier activations only (relu, leaky_relu with
// alpha >= 0, identity): make_kernel throws for others, so check dendritic_layer_fusable first.
// It takes input 0 and output 0 batch-innermost (layout handoff). Reference: the reference
// kernels composed (ops/reference/dendritic_layer.h), any activation.
//
//   const OpDef& def = dendritic_layer_def();
//   Attrs attrs = dendritic_layer_attrs(dendrite_act, soma_act);
//   if (dendritic_layer_fusable(attrs)) kernel = def.make_kernel(attrs, Backend::optimized);
#pragma once

#include "framework/core/attrs.h"
#include "ops/activation_kind.h"
#include "ops/op.h"

namespace dendrite {

inline constexpr const char* kDendriticLayerKernel = "dendritic_layer";

const OpDef& dendritic_layer_def();

Attrs dendritic_layer_attrs(const Activation& dendrite, const Activation& soma);
Activation dendrite_activation_of(const Attrs& attrs);
Activation soma_activation_of(const Attrs& attrs);

// True when the optimized kernel computes both activations in-kernel (rectifiers).
bool dendritic_layer_fusable(const Attrs& attrs);

}  // namespace dendrite
