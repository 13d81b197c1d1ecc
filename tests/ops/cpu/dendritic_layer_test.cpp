// The fused dANN layer kernel (ops/cpu/dendritic_layer.h) against the reference layer composed
// from the reference kernels (ops/reference/dendritic_layer.h): the output and every gradient,
// for every pair of activations the kernel handles, batches that cover the panel's vector tails
// and several panels, with and without d_x, in every layout of its two sides; and the same bits
// for every thread count.
#include <gtest/gtest.h>
#include <fmt/format.h>
#include <omp.h>

#include <cstring>
#include <string>
#include <vector>

#include "framework/core/rng.h"
#include "ops/cpu/dendritic_layer.h"
#include "ops/cpu/transpose.h"
#include "ops/reference/dendritic_layer.h"
#include "tests/common/relative_error.h"
#include "tests/ops/op_cases.h"

namespace dendrite {
namespace {

constexpr std::int64_t kInputs = 90;

Tensor random_tensor(Shape shape, std::uint64_t seed) {
  Tensor t(std::move(shape));
  Rng rng(seed);
  for (std::int64_t i = 0; i < t.numel(); ++i) t.f32()[i] = static_cast<float>(rng.uniform(-1.0, 1.0));
  return t;
}

Tensor transposed(const Tensor& t) {  // [rows, cols] data -> [cols, rows] data, same shape label
  Tensor out(t.shape());
  cpu::transpose(t.f32(), t.dim(0), t.dim(1), out.f32());
  return out;
}
Tensor untransposed(const Tensor& t) {
  Tensor out(t.shape());
  cpu::transpose(t.f32(), t.dim(1), t.dim(0), out.f32());
  return out;
}

// One layer's tensors: S somata of D dendrites over kInputs inputs (some dendrites unconnected).
struct LayerData {
  std::int64_t S, D;
  test::CsrTensors csr;
  Tensor w, b, soma_w, soma_b;
  LayerData(std::int64_t S_, std::int64_t D_)
      : S(S_), D(D_), csr(test::random_csr(S_ * D_, kInputs, 0, 12, 5, {2, 7})), w(random_tensor({csr.nnz}, 2)),
        b(random_tensor({S_ * D_}, 3)), soma_w(random_tensor({S_, D_}, 4)), soma_b(random_tensor({S_}, 6)) {}
  CsrIndex index() const { return {S * D, kInputs, csr.nnz, csr.row_ptr.i32(), csr.col.i32()}; }
  cpu::DendriticLayerParams params(const cpu::Rectifier& f_d, const cpu::Rectifier& f_s) const {
    return {index(), S, D, w.f32(), b.f32(), soma_w.f32(), soma_b.f32(), f_d, f_s};
  }
};

struct Result {
  Tensor y, d_x, d_w, d_b, d_soma_w, d_soma_b;
  Result(const LayerData& l, std::int64_t N)
      : y({N, l.S}), d_x({N, kInputs}), d_w({l.csr.nnz}), d_b({l.S * l.D}), d_soma_w({l.S, l.D}), d_soma_b({l.S}) {}
};

Result reference_run(const LayerData& l, const Activation& a_d, const Activation& a_s, const Tensor& x,
                     const Tensor& d_y) {
  Result r(l, x.dim(0));
  const reference::DendriticLayerRef ref{l.index(), l.S, l.D, l.w.f32(), l.b.f32(), l.soma_w.f32(), l.soma_b.f32(),
                                         a_d, a_s};
  reference::dendritic_layer_forward(ref, x.dim(0), x.f32(), r.y.f32());
  reference::dendritic_layer_backward(ref, x.dim(0), x.f32(), d_y.f32(), r.d_x.f32(), r.d_w.f32(), r.d_b.f32(),
                                      r.d_soma_w.f32(), r.d_soma_b.f32());
  return r;
}

struct Layout {
  bool in, out;  // batch-innermost sides
};

// The fused kernel, its inputs and outputs converted from / to row-major.
Result fused_run(const LayerData& l, const cpu::DendriticLayerParams& p, const Tensor& x, const Tensor& d_y,
                 Layout layout, bool with_d_x, bool announce_backward = true) {
  const std::int64_t N = x.dim(0);
  Result r(l, N);
  cpu::DendriticLayer layer;
  layer.set_batch_inner(layout.in, layout.out);
  const Tensor x_in = layout.in ? transposed(x) : x;
  const Tensor d_y_in = layout.out ? transposed(d_y) : d_y;
  layer.forward(p, N, x_in.f32(), r.y.f32(), announce_backward);
  layer.backward(p, N, x_in.f32(), r.y.f32(), d_y_in.f32(), with_d_x ? r.d_x.f32() : nullptr,
                 {r.d_w.f32(), r.d_b.f32(), r.d_soma_w.f32(), r.d_soma_b.f32()});
  if (layout.out) r.y = untransposed(r.y);
  if (layout.in) r.d_x = untransposed(r.d_x);
  return r;
}

void expect_close(const Result& got, const Result& want, bool with_d_x, const std::string& where) {
  using test::max_relative_error;
  EXPECT_LT(max_relative_error(got.y, want.y), 1e-5) << where << " y";
  if (with_d_x) {
    EXPECT_LT(max_relative_error(got.d_x, want.d_x), 1e-5) << where << " d_x";
  }
  EXPECT_LT(max_relative_error(got.d_w, want.d_w), 1e-5) << where << " d_w";
  EXPECT_LT(max_relative_error(got.d_b, want.d_b), 1e-5) << where << " d_b";
  EXPECT_LT(max_relative_error(got.d_soma_w, want.d_soma_w), 1e-5) << where << " d_soma_w";
  EXPECT_LT(max_relative_error(got.d_soma_b, want.d_soma_b), 1e-5) << where << " d_soma_b";
}

bool same_bits(const Tensor& a, const Tensor& b) {
  return a.shape() == b.shape() && std::memcmp(a.f32(), b.f32(), static_cast<std::size_t>(a.numel()) * 4) == 0;
}

struct NamedActivation {
  std::string name;
  Activation a;
};
const std::vector<NamedActivation>& rectifiers() {
  static const std::vector<NamedActivation> list = {{"identity", {ActivationKind::identity, 0.0f}},
                                                    {"relu", {ActivationKind::relu, 0.0f}},
                                                    {"leaky_relu", {ActivationKind::leaky_relu, 0.1f}}};
  return list;
}

cpu::Rectifier rectifier(const Activation& a) {
  cpu::Rectifier r;
  EXPECT_TRUE(cpu::rectifier_for(a, r));
  return r;
}

TEST(DendriticLayer, EveryActivationPairMatchesTheReference) {
  for (const std::int64_t D : {3, 16}) {
    const LayerData l(21, D);
    for (const NamedActivation& f_d : rectifiers()) {
      for (const NamedActivation& f_s : rectifiers()) {
        const cpu::DendriticLayerParams p = l.params(rectifier(f_d.a), rectifier(f_s.a));
        for (const std::int64_t N : {1, 13, 70, 130}) {
          const Tensor x = random_tensor({N, kInputs}, 10 + static_cast<std::uint64_t>(N));
          const Tensor d_y = random_tensor({N, l.S}, 20 + static_cast<std::uint64_t>(N));
          const Result want = reference_run(l, f_d.a, f_s.a, x, d_y);
          for (const bool with_d_x : {true, false}) {
            const std::string where = fmt::format("{} / {} D={} N={} d_x={}", f_d.name, f_s.name, D, N, with_d_x);
            expect_close(fused_run(l, p, x, d_y, {false, false}, with_d_x), want, with_d_x, where);
          }
        }
      }
    }
  }
}

TEST(DendriticLayer, EveryLayoutMatchesTheReference) {
  const LayerData l(21, 16);
  const Activation leaky{ActivationKind::leaky_relu, 0.1f}, relu{ActivationKind::relu, 0.0f};
  const cpu::DendriticLayerParams p = l.params(rectifier(leaky), rectifier(relu));
  for (const Layout layout : {Layout{true, false}, Layout{false, true}, Layout{true, true}}) {
    for (const std::int64_t N : {1, 13, 70, 130}) {
      const Tensor x = random_tensor({N, kInputs}, 30), d_y = random_tensor({N, l.S}, 31);
      const Result want = reference_run(l, leaky, relu, x, d_y);
      for (const bool with_d_x : {true, false}) {
        const std::string where = fmt::format("in={} out={} N={} d_x={}", layout.in, layout.out, N, with_d_x);
        expect_close(fused_run(l, p, x, d_y, layout, with_d_x), want, with_d_x, where);
      }
    }
  }
}

TEST(DendriticLayer, BackwardAfterAnInferenceForward) {
  const LayerData l(21, 16);
  const Activation leaky{ActivationKind::leaky_relu, 0.1f};
  const cpu::DendriticLayerParams p = l.params(rectifier(leaky), rectifier(leaky));
  const Tensor x = random_tensor({70, kInputs}, 40), d_y = random_tensor({70, l.S}, 41);
  expect_close(fused_run(l, p, x, d_y, {false, false}, true, /*announce_backward=*/false),
               reference_run(l, leaky, leaky, x, d_y), true, "unannounced backward");
}

TEST(DendriticLayer, SameBitsForEveryThreadCount) {
  const LayerData l(37, 16);
  const Activation leaky{ActivationKind::leaky_relu, 0.1f};
  const cpu::DendriticLayerParams p = l.params(rectifier(leaky), rectifier(leaky));
  const int threads = omp_get_max_threads();
  for (const std::int64_t N : {13, 130, 300}) {
    const Tensor x = random_tensor({N, kInputs}, 50), d_y = random_tensor({N, l.S}, 51);
    omp_set_num_threads(1);
    const Result one = fused_run(l, p, x, d_y, {false, false}, true);
    for (const int t : {2, 3}) {
      omp_set_num_threads(t);
      const Result many = fused_run(l, p, x, d_y, {false, false}, true);
      const std::string where = fmt::format("N={} threads={}", N, t);
      EXPECT_TRUE(same_bits(many.y, one.y)) << where;
      EXPECT_TRUE(same_bits(many.d_x, one.d_x)) << where;
      EXPECT_TRUE(same_bits(many.d_w, one.d_w)) << where;
      EXPECT_TRUE(same_bits(many.d_b, one.d_b)) << where;
      EXPECT_TRUE(same_bits(many.d_soma_w, one.d_soma_w)) << where;
      EXPECT_TRUE(same_bits(many.d_soma_b, one.d_soma_b)) << where;
    }
  }
  omp_set_num_threads(threads);
}

TEST(DendriticLayer, RowsForwardMatchesTheReference) {  // the ONNX Runtime plugin's entry point
  const LayerData l(21, 16);
  const Activation leaky{ActivationKind::leaky_relu, 0.1f}, relu{ActivationKind::relu, 0.0f};
  const cpu::DendriticLayerParams p = l.params(rectifier(relu), rectifier(leaky));
  for (const std::int64_t N : {1, 13, 70, 130}) {
    const Tensor x = random_tensor({N, kInputs}, 60), d_y = random_tensor({N, l.S}, 61);
    Tensor y({N, l.S});
    std::vector<float> scratch(static_cast<std::size_t>(cpu::dendritic_layer_scratch_floats(p)));
    cpu::dendritic_layer_forward_rows(p, x.f32(), N, y.f32(), scratch.data());
    EXPECT_LT(test::max_relative_error(y, reference_run(l, relu, leaky, x, d_y).y), 1e-5) << N;
  }
}

}  // namespace
}  // namespace dendrite
