#include "ops/onednn/eltwise.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "framework/core/error.h"
#include "ops/onednn/dnnl_context.h"

namespace dendrite::onednn {

namespace {
// Our activation as a oneDNN algorithm with its alpha and beta. Every algorithm used here
// computes its backward from the source (x), so the kernel keeps no forward output.
struct Algorithm {
  dnnl::algorithm alg;
  float alpha = 0.0f;
  float beta = 0.0f;
};

Algorithm to_dnnl(Activation a) {
  using alg = dnnl::algorithm;
  switch (a.kind) {
    case ActivationKind::relu: return {alg::eltwise_relu, 0.0f};
    case ActivationKind::leaky_relu: return {alg::eltwise_relu, a.alpha};  // relu with a slope
    case ActivationKind::sigmoid: return {alg::eltwise_logistic};
    case ActivationKind::tanh: return {alg::eltwise_tanh};
    case ActivationKind::gelu: return {alg::eltwise_gelu_erf};
    case ActivationKind::silu: return {alg::eltwise_swish, 1.0f};  // x * sigmoid(1 * x)
    case ActivationKind::elu: return {alg::eltwise_elu, a.alpha};
    case ActivationKind::softplus: return {alg::eltwise_soft_relu};  // log(1 + exp(x)) in 2.6
    case ActivationKind::identity: return {alg::eltwise_linear, 1.0f, 0.0f};
  }
  DENDRITE_ASSERT(false, "activation kind {} has no oneDNN algorithm", static_cast<int>(a.kind));
  return {};
}

struct Primitives {
  BoundPrimitive forward;
  BoundPrimitive backward;
};

Primitives make_primitives(const Algorithm& a, std::int64_t n) {
  const auto md = plain_md({n});
  const dnnl::primitive_attr attr = default_attr();
  dnnl::engine& eng = cpu_engine();
  const dnnl::eltwise_forward::desc fwd_d(dnnl::prop_kind::forward_training, a.alg, md, a.alpha,
                                          a.beta);
  const dnnl::eltwise_forward::primitive_desc fwd_pd(fwd_d, attr, eng);
  const dnnl::eltwise_backward::desc bwd_d(a.alg, md, md, a.alpha, a.beta);
  const dnnl::eltwise_backward::primitive_desc bwd_pd(bwd_d, attr, eng, fwd_pd);
  Primitives p;
  p.forward = BoundPrimitive(fwd_pd, {{DNNL_ARG_SRC, md}, {DNNL_ARG_DST, md}});
  p.backward = BoundPrimitive(
      bwd_pd, {{DNNL_ARG_SRC, md}, {DNNL_ARG_DIFF_DST, md}, {DNNL_ARG_DIFF_SRC, md}});
  return p;
}
}  // namespace

struct Eltwise::Impl {
  Activation activation;
  Algorithm algorithm;
  std::map<std::int64_t, Primitives> cache;  // by element count

  Primitives& get(std::int64_t n) {
    auto it = cache.find(n);
    if (it == cache.end()) {
      Primitives p = wrap_dnnl(
          fmt::format("eltwise {} over {} elements", activation_name(activation.kind), n),
          [&] { return make_primitives(algorithm, n); });
      it = cache.emplace(n, std::move(p)).first;
    }
    return it->second;
  }
};

Eltwise::Eltwise(Activation activation) : impl_(std::make_unique<Impl>()) {
  impl_->activation = activation;
  impl_->algorithm = to_dnnl(activation);
}
Eltwise::~Eltwise() = default;

void Eltwise::forward(std::int64_t n, const float* x, float* y) {
  if (n == 0) return;
  if (impl_->activation.kind == ActivationKind::identity) {
    if (y != x) std::copy(x, x + n, y);
    return;
  }
  BoundPrimitive& p = impl_->get(n).forward;
  p.bind(DNNL_ARG_SRC, x);
  p.bind(DNNL_ARG_DST, y);
  p.execute();
}

void Eltwise::backward(std::int64_t n, const float* x, const float* d_y, float* d_x) {
  if (n == 0) return;
  if (impl_->activation.kind == ActivationKind::identity) {
    if (d_x != d_y) std::copy(d_y, d_y + n, d_x);
    return;
  }
  BoundPrimitive& p = impl_->get(n).backward;
  p.bind(DNNL_ARG_SRC, x);
  p.bind(DNNL_ARG_DIFF_DST, d_y);
  p.bind(DNNL_ARG_DIFF_SRC, d_x);
  p.execute();
}

}  // namespace dendrite::onednn
