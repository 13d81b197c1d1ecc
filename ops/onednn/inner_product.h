// oneDNN inner product (the dense layer) behind a oneDNN-free interface.
//
//   onednn::InnerProduct ip;               // one per graph node; caches primitives per shape
//   ip.forward(shape, x, w, b, y);         // y = x w^T + b
//   ip.backward_data(shape, d_y, w, d_x);
//   ip.backward_weights(shape, x, d_y, d_w, d_b);
//
// Layouts (row-major, our own buffers, no copies):
//   x: [N, n_in], w: [n_out, n_in] (oneDNN "oi", ONNX Gemm transB=1), b: [n_out], y: [N, n_out]
// Primitives (forward_training, backward_data and backward_weights with bias, the backward ones
// built with the forward primitive descriptor as hint) are created on the first call for a
// shape and reused; later calls with that shape allocate nothing.
#pragma once

#include <cstdint>
#include <memory>

namespace dendrite::onednn {

struct DenseShape {
  std::int64_t batch = 0;
  std::int64_t n_in = 0;
  std::int64_t n_out = 0;
  bool operator<(const DenseShape& o) const;
};

class InnerProduct {
 public:
  InnerProduct();
  ~InnerProduct();
  InnerProduct(const InnerProduct&) = delete;
  InnerProduct& operator=(const InnerProduct&) = delete;

  void forward(const DenseShape& s, const float* x, const float* w, const float* b, float* y);
  // d_x = d_y w
  void backward_data(const DenseShape& s, const float* d_y, const float* w, float* d_x);
  // d_w = d_y^T x, d_b = sum over the batch of d_y. Both outputs are required.
  void backward_weights(const DenseShape& s, const float* x, const float* d_y, float* d_w,
                        float* d_b);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dendrite::onednn
