#include "ops/onednn/inner_product.h"

#include <map>
#include <tuple>

#include <fmt/format.h>

#include "ops/onednn/dnnl_context.h"

namespace dendrite::onednn {

bool DenseShape::operator<(const DenseShape& o) const {
  return std::tie(batch, n_in, n_out) < std::tie(o.batch, o.n_in, o.n_out);
}

namespace {
// The three primitives of one shape.
struct Primitives {
  BoundPrimitive forward;
  BoundPrimitive backward_data;
  BoundPrimitive backward_weights;
};

Primitives make_primitives(const DenseShape& s) {
  using dnnl::prop_kind;
  const auto x_md = plain_md({s.batch, s.n_in});
  const auto w_md = plain_md({s.n_out, s.n_in});  // ab == oi for 2D weights
  const auto b_md = plain_md({s.n_out});
  const auto y_md = plain_md({s.batch, s.n_out});
  const dnnl::primitive_attr attr = default_attr();
  dnnl::engine& eng = cpu_engine();

  const dnnl::inner_product_forward::desc fwd_d(prop_kind::forward_training, x_md, w_md, b_md, y_md);
  const dnnl::inner_product_forward::primitive_desc fwd_pd(fwd_d, attr, eng);
  const dnnl::inner_product_backward_data::desc bwd_d_d(x_md, w_md, y_md);
  const dnnl::inner_product_backward_data::primitive_desc bwd_d_pd(bwd_d_d, attr, eng, fwd_pd);
  const dnnl::inner_product_backward_weights::desc bwd_w_d(x_md, w_md, b_md, y_md);
  const dnnl::inner_product_backward_weights::primitive_desc bwd_w_pd(bwd_w_d, attr, eng, fwd_pd);

  Primitives p;
  p.forward = BoundPrimitive(fwd_pd, {{DNNL_ARG_SRC, x_md},
                                      {DNNL_ARG_WEIGHTS, w_md},
                                      {DNNL_ARG_BIAS, b_md},
                                      {DNNL_ARG_DST, y_md}});
  p.backward_data = BoundPrimitive(bwd_d_pd, {{DNNL_ARG_DIFF_DST, y_md},
                                              {DNNL_ARG_WEIGHTS, w_md},
                                              {DNNL_ARG_DIFF_SRC, x_md}});
  p.backward_weights = BoundPrimitive(bwd_w_pd, {{DNNL_ARG_SRC, x_md},
                                                 {DNNL_ARG_DIFF_DST, y_md},
                                                 {DNNL_ARG_DIFF_WEIGHTS, w_md},
                                                 {DNNL_ARG_DIFF_BIAS, b_md}});
  return p;
}
}  // namespace

struct InnerProduct::Impl {
  std::map<DenseShape, Primitives> cache;

  Primitives& get(const DenseShape& s) {
    auto it = cache.find(s);
    if (it == cache.end()) {
      Primitives p = wrap_dnnl(
          fmt::format("inner product x [{}, {}], w [{}, {}]", s.batch, s.n_in, s.n_out, s.n_in),
          [&] { return make_primitives(s); });
      it = cache.emplace(s, std::move(p)).first;
    }
    return it->second;
  }
};

InnerProduct::InnerProduct() : impl_(std::make_unique<Impl>()) {}
InnerProduct::~InnerProduct() = default;

void InnerProduct::forward(const DenseShape& s, const float* x, const float* w, const float* b,
                           float* y) {
  BoundPrimitive& p = impl_->get(s).forward;
  p.bind(DNNL_ARG_SRC, x);
  p.bind(DNNL_ARG_WEIGHTS, w);
  p.bind(DNNL_ARG_BIAS, b);
  p.bind(DNNL_ARG_DST, y);
  p.execute();
}

void InnerProduct::backward_data(const DenseShape& s, const float* d_y, const float* w,
                                 float* d_x) {
  BoundPrimitive& p = impl_->get(s).backward_data;
  p.bind(DNNL_ARG_DIFF_DST, d_y);
  p.bind(DNNL_ARG_WEIGHTS, w);
  p.bind(DNNL_ARG_DIFF_SRC, d_x);
  p.execute();
}

void InnerProduct::backward_weights(const DenseShape& s, const float* x, const float* d_y,
                                    float* d_w, float* d_b) {
  BoundPrimitive& p = impl_->get(s).backward_weights;
  p.bind(DNNL_ARG_SRC, x);
  p.bind(DNNL_ARG_DIFF_DST, d_y);
  p.bind(DNNL_ARG_DIFF_WEIGHTS, d_w);
  p.bind(DNNL_ARG_DIFF_BIAS, d_b);
  p.execute();
}

}  // namespace dendrite::onednn
