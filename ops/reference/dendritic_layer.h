// Reference dANN layer: the dendritic layer, its activation, the somatic (block) layer and its
// activation composed from the reference kernels (dense masked matrices and plain loops), the
// yardstick for the fused kernel (ops/cpu/dendritic_layer.h).
//
//   reference::DendriticLayerRef l{csr, S, D, w, b, soma_w, soma_b, dendrite_act, soma_act};
//   reference::dendritic_layer_forward(l, N, x, y);
//   reference::dendritic_layer_backward(l, N, x, d_y, d_x, d_w, d_b, d_soma_w, d_soma_b);
//
// x: [N, n_in], y / d_y: [N, S] (row-major); csr: inputs -> the S*D dendrites, soma s owning
// dendrites s*D .. s*D + D - 1. Any activation kind.
#pragma once

#include <cstdint>

#include "ops/activation_kind.h"
#include "ops/csr_index.h"

namespace dendrite::reference {

struct DendriticLayerRef {
  CsrIndex csr;
  std::int64_t S = 0, D = 0;
  const float* w = nullptr;       // [nnz]
  const float* b = nullptr;       // [S * D]
  const float* soma_w = nullptr;  // [S, D]
  const float* soma_b = nullptr;  // [S]
  Activation dendrite, soma;
};

void dendritic_layer_forward(const DendriticLayerRef& l, std::int64_t N, const float* x, float* y);

// Gradients of the layer for output gradient d_y; each null pointer is skipped.
void dendritic_layer_backward(const DendriticLayerRef& l, std::int64_t N, const float* x, const float* d_y,
                              float* d_x, float* d_w, float* d_b, float* d_soma_w, float* d_soma_b);

}  // namespace dendrite::reference
