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
  dnnl::algorithm alg = dnnl::algorithm::undef;
  float alpha = 0.0f;
  float beta = 0.0f;
};

// The one map from the table's algorithm names to oneDNN's.
dnnl::algorithm dnnl_algorithm(EltwiseAlgorithm a) {
  using alg = dnnl::algorithm;
  switch (a) {
    case EltwiseAlgorithm::copy: break;  // no primitive
    case EltwiseAlgorithm::relu: return alg::eltwise_relu;
    case EltwiseAlgorithm::logistic: return alg::eltwise_logistic;
    case EltwiseAlgorithm::tanh: return alg::eltwise_tanh;
    case EltwiseAlgorithm::gelu_erf: return alg::eltwise_gelu_erf;
    case EltwiseAlgorithm::swish: return alg::eltwise_swish;
    case EltwiseAlgorithm::elu: return alg::eltwise_elu;
    case EltwiseAlgorithm::soft_relu: return alg::eltwise_soft_relu;
  }
  DENDRITE_ASSERT(false, "eltwise algorithm {} has no oneDNN primitive", static_cast<int>(a));
  return {};
}

// The activation's row as a oneDNN algorithm with its alpha and beta.
Algorithm to_dnnl(Activation a) {
  const EltwiseForm& e = activation_row(a.kind).eltwise;
  return {dnnl_algorithm(e.algorithm), e.alpha_from_activation ? a.alpha : e.alpha, e.beta};
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
  bool copy = false;    // the row's algorithm is `copy`: no primitive
  Algorithm algorithm;  // when not a copy
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
  impl_->copy = activation_row(activation.kind).eltwise.algorithm == EltwiseAlgorithm::copy;
  if (!impl_->copy) impl_->algorithm = to_dnnl(activation);
}
Eltwise::~Eltwise() = default;

void Eltwise::forward(std::int64_t n, const float* x, float* y) {
  if (n == 0) return;
  if (impl_->copy) {
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
  if (impl_->copy) {
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
