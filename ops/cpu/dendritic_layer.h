// DendriticLayer: one dANN layer (dendrites over a CSR index, their rectifier, the somata each
// summing their own D dendrites, the somata's rectifier) run forward and backward by the fused
// kernels of dendritic_layer_kernels.h, with what the backward needs kept between the two.
//
// One OpenMP parallel region per call, with a static split that does not depend on scheduling:
// the forward splits the batch into panels (and, when there are fewer panels than threads, the
// somata too), the backward splits the somata, then (for d_x) the inputs. Since no sample, soma
// or input is ever summed across threads, results are the same bits for every thread count.
//
// What is kept for the backward (training): the inputs batch-innermost ([n_in, N], unless they
// come that way) and the dendrite activations [S*D, N], the layout the backward reads. Inference
// writes neither: each thread transposes its panel of inputs into its own scratch.
//
// Layouts. x / d_x and y / d_y are row-major ([N, n_in], [N, S]) unless set batch-innermost
// ([n_in, N], [S, N] in the same buffers; the executor's layout handoff).
//
//   DendriticLayer layer;
//   layer.set_batch_inner(/*input=*/false, /*output=*/false);
//   layer.forward(params, N, x, y, /*keep_for_backward=*/true);
//   layer.backward(params, N, x, y, d_y, d_x, grads);   // d_x and null grads are skipped
//   layer.index_changed();                              // a new index: derived copies are rebuilt
#pragma once

#include <cstdint>
#include <vector>

#include "ops/cpu/aligned_buffer.h"
#include "ops/cpu/csr_kernels.h"
#include "ops/cpu/dendritic_layer_kernels.h"
#include "ops/cpu/region_clock.h"

namespace dendrite::cpu {

class DendriticLayer {
 public:
  void set_batch_inner(bool input, bool output) {
    input_batch_inner_ = input;
    output_batch_inner_ = output;
  }
  void index_changed() { csc_ready_ = false; }
  // Seconds the threads of every forward and backward so far waited in their parallel region
  // (RegionClock: fork, barriers, join; the mean over the team).
  double wait_seconds() const { return clock_.wait_seconds(); }

  // keep_for_backward: a backward with this forward's values follows (training).
  void forward(const DendriticLayerParams& p, std::int64_t N, const float* x, float* y, bool keep_for_backward);
  // x, y: the forward's input and output (unchanged since). d_x may be null.
  void backward(const DendriticLayerParams& p, std::int64_t N, const float* x, const float* y, const float* d_y,
                float* d_x, const DendriticLayerGrads& g);

 private:
  const float* input_t(const float* x) const { return input_batch_inner_ ? x : x_t_.data(); }
  void forward_units(const DendriticLayerParams& p, std::int64_t N, const float* x, float* y, float* a_t,
                     bool shared_x_t, std::int64_t u0, std::int64_t u1, std::int64_t groups, int tid);

  bool input_batch_inner_ = false, output_batch_inner_ = false;
  bool kept_ = false;  // x_t_ (for a row-major input) and a_t_ hold the last forward's values
  std::int64_t kept_batch_ = -1;
  CscIndex csc_;  // built on the first backward that needs d_x, per index
  bool csc_ready_ = false;
  // Work buffers; they grow only, so steady-state steps allocate nothing.
  AlignedBuffer<float> x_t_;      // [n_in, N]   a row-major input, transposed (training)
  AlignedBuffer<float> a_t_;      // [S*D, N]    dendrite activations (training)
  AlignedBuffer<float> scratch_;  // per thread: one transposed input panel (inference)
  AlignedBuffer<float> y_again_;  // [N, S]      a forward redone for a backward nobody announced
  AlignedBuffer<float> d_u_t_;    // [S, N]      gradients before the soma activation
  AlignedBuffer<float> d_z_t_;    // [S*D, N]    gradients before the dendrite activation (d_x only)
  AlignedBuffer<float> d_x_t_;    // [n_in, N]   d_x batch-innermost (a row-major d_x only)
  AlignedBuffer<float> w_csc_;    // [nnz]
  RegionClock clock_;
};

}  // namespace dendrite::cpu
