// oneDNN elementwise activations behind a oneDNN-free interface.
//
//   onednn::Eltwise act({ActivationKind::leaky_relu, 0.1f});   // one per graph node
//   act.forward(n, x, y);          // y = f(x) over n contiguous floats
//   act.backward(n, x, d_y, d_x);  // d_x = f'(x) * d_y
//
// x, y, d_y, d_x: n contiguous floats (any tensor shape, flattened). Primitives are cached per
// element count, the backward one built with the forward descriptor as hint. The algorithm is
// the kind's row (ops/activation_table.h); a `copy` row (identity) uses no primitive.
#pragma once

#include <cstdint>
#include <memory>

#include "ops/activation_kind.h"

namespace dendrite::onednn {

class Eltwise {
 public:
  explicit Eltwise(Activation activation);
  ~Eltwise();
  Eltwise(const Eltwise&) = delete;
  Eltwise& operator=(const Eltwise&) = delete;

  void forward(std::int64_t n, const float* x, float* y);
  void backward(std::int64_t n, const float* x, const float* d_y, float* d_x);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dendrite::onednn
