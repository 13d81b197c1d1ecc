// CsrLayer: one sparse layer y = post(x w + b) over a CSR index (csr_kernels.h), run forward and
// backward with the buffers it needs kept between the two. The dendritic op runs on it, and so
// does the somatic op when its input or output is handed over batch-innermost (a block index:
// soma s reads inputs s*D .. s*D+D-1).
//
// Layouts. x / d_x and y / d_y are row-major ([N, n_in], [N, n_out]) unless set batch-innermost
// ([n_in, N], [n_out, N] in the same buffers): the executor's layout handoff between a producer
// and its only consumer (framework/graph/executor.h). Batch-innermost is the kernels' own layout,
// so a handed-off value skips a transpose on both sides, forward and backward.
//
//   CsrLayer layer;
//   layer.set_post(rectifier);              // a fused relu / leaky_relu, or none
//   layer.set_batch_inner(/*input=*/false, /*output=*/true);
//   layer.forward(csr, N, x, w, b, y, /*keep_for_backward=*/true, /*d_x_wanted=*/false);
//   layer.backward(csr, N, x, w, y, d_y, d_x, d_w, d_b);   // null gradients are skipped
//   layer.index_changed();                  // a new index: derived copies are rebuilt
#pragma once

#include <cstdint>
#include <vector>

#include "ops/cpu/csr_kernels.h"
#include "ops/cpu/rectifier.h"

namespace dendrite::cpu {

class CsrLayer {
 public:
  void set_post(const Rectifier& post) { post_ = post; }
  const Rectifier& post() const { return post_; }
  void set_batch_inner(bool input, bool output) {
    input_batch_inner_ = input;
    output_batch_inner_ = output;
  }
  void index_changed() { csc_ready_ = false; }

  // keep_for_backward: a backward with this forward's values follows (training).
  void forward(const CsrIndex& csr, std::int64_t N, const float* x, const float* w, const float* b,
               float* y, bool keep_for_backward, bool d_x_wanted);
  // x, y: the forward's input and output (unchanged since). d_x, d_w, d_b may be null.
  void backward(const CsrIndex& csr, std::int64_t N, const float* x, const float* w, const float* y,
                const float* d_y, float* d_x, float* d_w, float* d_b);
  // d_y through the post-op's backward at outputs y (count elements, any layout): d_y itself when
  // there is none, else a buffer of this layer's, valid until the next call.
  const float* rectified(std::int64_t count, const float* y, const float* d_y);

 private:
  const float* input_t(const float* x) const { return input_batch_inner_ ? x : x_t_.data(); }
  void backward_data(const CsrIndex& csr, std::int64_t N, const float* d_z_t, const float* w, float* d_x);

  Rectifier post_;
  bool input_batch_inner_ = false, output_batch_inner_ = false;
  CscIndex csc_;  // built on the first backward that needs d_x, per index
  bool csc_ready_ = false;
  bool y_t_ready_ = false;  // y_t_ holds the last forward's output
  // Work buffers; they grow only, so steady-state steps allocate nothing.
  std::vector<float> x_t_;    // [n_in, N]  row-major input, transposed
  std::vector<float> y_t_;    // [n_out, N] row-major output, kept batch-innermost for the backward
  std::vector<float> d_z_;    // d_y through the rectifier's backward, in d_y's layout
  std::vector<float> d_y_t_;  // [n_out, N]
  std::vector<float> d_x_t_;  // [n_in, N]
  std::vector<float> w_csc_;  // [nnz]
};

}  // namespace dendrite::cpu
