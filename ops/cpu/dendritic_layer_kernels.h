// The fused kernels of one dANN layer (Chavlis & Poirazi): the dendrites read the inputs over a
// CSR index, each dendrite applies its nonlinearity, each soma sums its own D dendrites, and the
// soma applies its nonlinearity:
//   z[n, j] = b[j] + sum_{e in row j} w[e] * x[n, col[e]]        j < S * D  (dendrites)
//   a[n, j] = f_dendrite(z[n, j])
//   y[n, s] = f_soma(soma_b[s] + sum_t soma_w[s, t] * a[n, s*D + t])
// Both nonlinearities are rectifiers (rectifier.h: relu, leaky_relu with alpha >= 0, identity).
//
// The forward works on a panel of up to kLayerPanel samples: per soma, the dendrite values of
// the panel stay in registers from the gather to the soma sum, so the [S*D, N] dendrite layer is
// never written unless the caller asks for it (training: the backward reads it). The backward
// works per soma over the whole batch: its dendrite gradients are made in a small stack buffer
// and consumed at once by the weight gradient. Every function here runs on one thread on the
// part it is given; dendritic_layer.h splits a layer over OpenMP threads, the ONNX Runtime plugin
// over its own pool. A sample's, a soma's or an input's result never depends on how the work
// was split.
//
//   DendriticLayerParams p{csr, S, D, w, b, soma_w, soma_b, f_dendrite, f_soma};
//   dendritic_layer_forward_rows(p, x, count, y, scratch);            // inference, row-major
//   dendritic_layer_forward_panel(p, x_t, ld_x, count, 0, S, {y, false, S}, a_t, ld_a);
//   dendritic_layer_soma_grads(p, N, y, d_y, /*batch_inner=*/false, s0, s1, d_u_t);
//   dendritic_layer_backward_somata(p, N, x_t, a_t, d_u_t, s0, s1, grads, d_z_t);
//   dendritic_layer_backward_inputs(csc, w, N, d_z_t, i0, i1, w_csc, d_x_t);
#pragma once

#include <cstdint>

#include "ops/cpu/csr_kernels.h"
#include "ops/cpu/rectifier.h"
#include "ops/csr_index.h"

namespace dendrite::cpu {

// Samples per forward panel: 4 Vec16 accumulators per dendrite and per soma.
inline constexpr std::int64_t kLayerPanel = 64;

struct DendriticLayerParams {
  CsrIndex csr;  // inputs -> dendrites, n_out = S * D; soma s owns dendrites s*D .. s*D + D - 1
  std::int64_t S = 0, D = 0;
  const float* w = nullptr;       // [nnz]
  const float* b = nullptr;       // [S * D]
  const float* soma_w = nullptr;  // [S, D]
  const float* soma_b = nullptr;  // [S]
  Rectifier dendrite, soma;
};

// Gradients of the parameters; a null pointer is skipped.
struct DendriticLayerGrads {
  float* d_w = nullptr;
  float* d_b = nullptr;
  float* d_soma_w = nullptr;
  float* d_soma_b = nullptr;
};

// The soma side of a layer (its outputs, or their gradients): row-major, out[n * ld + s], or
// batch-innermost, out[s * ld + n].
struct SomaSide {
  float* data = nullptr;
  bool batch_inner = false;
  std::int64_t ld = 0;
};

// Forward of samples [0, count) of one panel (count <= kLayerPanel) for somata [s0, s1).
//   x_t: the panel's inputs, batch-innermost: x_t[i * ld_x + n]
//   y:   receives the soma outputs of those samples (its pointer at the panel's first sample)
//   a_t: when not null, receives the dendrite activations a_t[j * ld_a + n] of the somata's dendrites
void dendritic_layer_forward_panel(const DendriticLayerParams& p, const float* x_t, std::int64_t ld_x,
                                   std::int64_t count, std::int64_t s0, std::int64_t s1, const SomaSide& y,
                                   float* a_t, std::int64_t ld_a);

// Floats of scratch dendritic_layer_forward_rows needs: one transposed panel of inputs.
std::int64_t dendritic_layer_scratch_floats(const DendriticLayerParams& p);

// The row length of a transposed panel of `count` samples: whole 64-byte lines from 16 samples
// (vector loads stay aligned), the samples themselves below (a small batch then reads n_in
// consecutive floats, not n_in lines).
inline std::int64_t panel_stride(std::int64_t count) { return count < 16 ? count : (count + 15) / 16 * 16; }

// Inference on row-major samples: x [count, n_in] -> y [count, S], any count, panel by panel,
// each transposed into scratch (dendritic_layer_scratch_floats(p) floats).
void dendritic_layer_forward_rows(const DendriticLayerParams& p, const float* x, std::int64_t count, float* y,
                                  float* scratch);

// x: [count, n_in] row-major -> x_t[i * ld_x + n] for n < count (a panel's inputs, transposed).
void transpose_panel(const float* x, std::int64_t count, std::int64_t n_in, float* x_t, std::int64_t ld_x);

// The gradients before the soma activation, d_u_t[s * N + n] = f_soma'(.) d_y[n, s] for somata
// [s0, s1), from the forward's outputs y and their gradients d_y, both [N, S] or, when
// batch_inner, both [S, N].
void dendritic_layer_soma_grads(const DendriticLayerParams& p, std::int64_t N, const float* y, const float* d_y,
                                bool batch_inner, std::int64_t s0, std::int64_t s1, float* d_u_t);

// The parameter gradients of somata [s0, s1) and of their dendrites, summed over the batch:
//   x_t: [n_in, N] the forward's inputs, a_t: [S*D, N] its dendrite activations,
//   d_u_t: [S, N] (dendritic_layer_soma_grads). Each dendrite's activations are read once.
// When d_z_t is not null it receives the gradients before the dendrite activation,
// d_z_t[j * N + n], for the data gradient (dendritic_layer_backward_inputs).
void dendritic_layer_backward_somata(const DendriticLayerParams& p, std::int64_t N, const float* x_t,
                                     const float* a_t, const float* d_u_t, std::int64_t s0, std::int64_t s1,
                                     const DendriticLayerGrads& g, float* d_z_t);

// The data gradient of inputs [i0, i1): d_x_t[i * N + n] = sum over the connections of input i
// of w[e] * d_z_t[j * N + n] (zeros for an input without connections). w_csc: the caller's nnz
// floats; this call fills the entries of its inputs.
void dendritic_layer_backward_inputs(const CscIndex& csc, const float* w, std::int64_t N, const float* d_z_t,
                                     std::int64_t i0, std::int64_t i1, float* w_csc, float* d_x_t);

}  // namespace dendrite::cpu
