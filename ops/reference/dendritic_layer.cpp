#include "ops/reference/dendritic_layer.h"

#include <vector>

#include "ops/reference/activation.h"
#include "ops/reference/dense.h"
#include "ops/reference/masked_dense.h"

namespace dendrite::reference {

namespace {
using Floats = std::vector<float>;
Floats zeros(std::int64_t n) { return Floats(static_cast<std::size_t>(n), 0.0f); }

// The forward's intermediates: dendrite pre-activations z and activations a [N, S*D], soma
// pre-activations u [N, S], and the two dense masked weight matrices.
struct Forward {
  Floats dense_w, dense_soma_w, z, a, u;
};

Forward run_forward(const DendriticLayerRef& l, std::int64_t N, const float* x, float* y) {
  const std::int64_t n_in = l.csr.n_in, dendrites = l.S * l.D;
  Forward f{zeros(dendrites * n_in), zeros(l.S * dendrites), zeros(N * dendrites), zeros(N * dendrites),
            zeros(N * l.S)};
  csr_to_dense(l.csr, l.w, f.dense_w.data());
  block_to_dense(l.S, l.D, l.soma_w, f.dense_soma_w.data());
  dense_forward(N, n_in, dendrites, x, f.dense_w.data(), l.b, f.z.data());
  activation_forward(l.dendrite, N * dendrites, f.z.data(), f.a.data());
  dense_forward(N, dendrites, l.S, f.a.data(), f.dense_soma_w.data(), l.soma_b, f.u.data());
  activation_forward(l.soma, N * l.S, f.u.data(), y);
  return f;
}
}  // namespace

void dendritic_layer_forward(const DendriticLayerRef& l, std::int64_t N, const float* x, float* y) {
  run_forward(l, N, x, y);
}

void dendritic_layer_backward(const DendriticLayerRef& l, std::int64_t N, const float* x, const float* d_y,
                              float* d_x, float* d_w, float* d_b, float* d_soma_w, float* d_soma_b) {
  const std::int64_t n_in = l.csr.n_in, dendrites = l.S * l.D;
  Floats y = zeros(N * l.S);
  const Forward f = run_forward(l, N, x, y.data());
  Floats d_u = zeros(N * l.S), d_a = zeros(N * dendrites), d_z = zeros(N * dendrites);
  Floats d_dense_soma_w = zeros(l.S * dendrites), d_dense_w = zeros(dendrites * n_in);
  activation_backward(l.soma, N * l.S, f.u.data(), d_y, d_u.data());
  dense_backward(N, dendrites, l.S, f.a.data(), f.dense_soma_w.data(), d_u.data(), d_a.data(),
                 d_dense_soma_w.data(), d_soma_b);
  if (d_soma_w) gather_block(l.S, l.D, d_dense_soma_w.data(), d_soma_w);
  activation_backward(l.dendrite, N * dendrites, f.z.data(), d_a.data(), d_z.data());
  dense_backward(N, n_in, dendrites, x, f.dense_w.data(), d_z.data(), d_x, d_dense_w.data(), d_b);
  if (d_w) gather_csr(l.csr, d_dense_w.data(), d_w);
}

}  // namespace dendrite::reference
