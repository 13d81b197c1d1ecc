#include "ops/cpu/csr_layer.h"

#include "ops/cpu/transpose.h"

namespace dendrite::cpu {

void CsrLayer::forward(const CsrIndex& csr, std::int64_t N, const float* x, const float* w, const float* b,
                       float* y, bool keep_for_backward, bool d_x_wanted) {
  if (!input_batch_inner_) {
    x_t_.resize(static_cast<std::size_t>(csr.n_in * N));
    transpose(x, N, csr.n_in, x_t_.data());
  }
  if (output_batch_inner_) {
    csr_forward(csr, N, input_t(x), w, b, y, post_);
    return;
  }
  // A rectified layer whose backward reads d_y in tiles (no d_x) keeps y batch-innermost for it.
  y_t_ready_ = post_.on && keep_for_backward && !d_x_wanted;
  if (y_t_ready_) y_t_.resize(static_cast<std::size_t>(csr.n_out * N));
  csr_forward_rows(csr, N, input_t(x), w, b, y, post_, y_t_ready_ ? y_t_.data() : nullptr);
}

void CsrLayer::backward(const CsrIndex& csr, std::int64_t N, const float* x, const float* w, const float* y,
                        const float* d_y, float* d_x, float* d_w, float* d_b) {
  const float* x_t = input_t(x);
  const std::int64_t count = N * csr.n_out;
  if (!output_batch_inner_ && !d_x) {  // d_y is read row-major, in tiles, and rectified there
    if (!d_w && !d_b) return;
    if (post_.on && !y_t_ready_) {  // a backward after a forward that did not expect one
      y_t_.resize(static_cast<std::size_t>(count));
      transpose(y, N, csr.n_out, y_t_.data());
      y_t_ready_ = true;
    }
    csr_backward_weights_rows(csr, N, x_t, d_y, d_w, d_b, post_, y_t_.data());
    return;
  }
  if (output_batch_inner_ && !d_x) {  // rectified row by row inside the weight gradient
    if (d_w || d_b) csr_backward_weights(csr, N, x_t, d_y, d_w, d_b, post_, y);
    return;
  }
  const float* d_z_t = rectified(count, y, d_y);  // in d_y's layout
  if (!output_batch_inner_) {
    d_y_t_.resize(static_cast<std::size_t>(count));
    transpose(d_z_t, N, csr.n_out, d_y_t_.data());
    d_z_t = d_y_t_.data();
  }
  if (d_w || d_b) csr_backward_weights(csr, N, x_t, d_z_t, d_w, d_b);
  if (d_x) backward_data(csr, N, d_z_t, w, d_x);
}

const float* CsrLayer::rectified(std::int64_t count, const float* y, const float* d_y) {
  if (!post_.on) return d_y;
  d_z_.resize(static_cast<std::size_t>(count));
  rectifier_backward(post_, count, y, d_y, d_z_.data());  // elementwise: any layout
  return d_z_.data();
}

void CsrLayer::backward_data(const CsrIndex& csr, std::int64_t N, const float* d_z_t, const float* w, float* d_x) {
  if (!csc_ready_) {
    csc_ = make_csc(csr);
    w_csc_.resize(static_cast<std::size_t>(csr.nnz));
    csc_ready_ = true;
  }
  if (input_batch_inner_) {
    csr_backward_data(csc_, N, d_z_t, w, w_csc_.data(), d_x);
    return;
  }
  d_x_t_.resize(static_cast<std::size_t>(csr.n_in * N));
  csr_backward_data(csc_, N, d_z_t, w, w_csc_.data(), d_x_t_.data());
  transpose(d_x_t_.data(), csr.n_in, N, d_x);
}

}  // namespace dendrite::cpu
