#include "tests/ops/op_cases.h"

#include <cstring>

#include "ops/activation_kind.h"

namespace dendrite::test {

FillFn uniform(float lo, float hi) {
  return [lo, hi](Tensor& t, Rng& rng) {
    float* p = t.f32();
    for (std::int64_t i = 0; i < t.numel(); ++i) p[i] = static_cast<float>(rng.uniform(lo, hi));
  };
}

FillFn away_from_zero(float margin, float hi) {
  return [margin, hi](Tensor& t, Rng& rng) {
    float* p = t.f32();
    for (std::int64_t i = 0; i < t.numel(); ++i) {
      const float v = static_cast<float>(rng.uniform(margin, hi));
      p[i] = rng.below(2) ? v : -v;
    }
  };
}

InputSpec f32(Shape shape, FillFn fill) { return {std::move(shape), DType::f32, std::move(fill)}; }

InputSpec labels(Shape shape, int num_classes) {
  FillFn fill = [num_classes](Tensor& t, Rng& rng) {
    std::int32_t* p = t.i32();
    for (std::int64_t i = 0; i < t.numel(); ++i)
      p[i] = static_cast<std::int32_t>(rng.below(static_cast<std::uint64_t>(num_classes)));
  };
  return {std::move(shape), DType::i32, std::move(fill)};
}

InputSpec given(Tensor t) {
  Shape shape = t.shape();
  const DType dtype = t.dtype();
  FillFn fill = [t](Tensor& out, Rng&) {
    if (t.nbytes()) std::memcpy(out.raw(), t.raw(), t.nbytes());
  };
  return {std::move(shape), dtype, std::move(fill)};
}

void PrintTo(const OpCase& c, std::ostream* os) { *os << c.name << " (op " << c.op << ")"; }

namespace {
Attrs activation_attrs(ActivationKind kind) { return {{"kind", activation_name(kind)}}; }
Attrs activation_attrs(ActivationKind kind, double alpha) {
  return {{"kind", activation_name(kind)}, {"alpha", alpha}};
}

// Kinds with a kink (or a jump in a derivative) at 0 get inputs away from 0.
bool kinked(ActivationKind kind) {
  return kind == ActivationKind::relu || kind == ActivationKind::leaky_relu ||
         kind == ActivationKind::elu;
}

void add_dense_cases(std::vector<OpCase>& cases) {
  auto dense = [&](const std::string& name, std::int64_t N, std::int64_t n_in, std::int64_t n_out) {
    OpCase c{name, "dense", {}, {f32({N, n_in}), f32({n_out, n_in}), f32({n_out})}};
    c.batched = {0};
    cases.push_back(c);
  };
  dense("dense_4x8_to_5", 4, 8, 5);
  dense("dense_N1", 1, 6, 3);
  dense("dense_7x33_to_17", 7, 33, 17);  // odd sizes: vector tails; partial batch of 2
  dense("dense_16x64_to_10", 16, 64, 10);
  dense("dense_one_output", 5, 12, 1);
}

void add_activation_cases(std::vector<OpCase>& cases) {
  for (ActivationKind kind : activation_kinds()) {
    const std::string name = activation_name(kind);
    const FillFn fill = kinked(kind) ? away_from_zero(0.05f, 3.0f) : uniform(-3.0f, 3.0f);
    OpCase c{"act_" + name, "activation", activation_attrs(kind), {f32({6, 7}, fill)}};
    c.batched = {0};
    cases.push_back(c);
    // Enough elements for oneDNN's vectorized body and tail; rank 3.
    cases.push_back(OpCase{"act_" + name + "_large", "activation", activation_attrs(kind),
                           {f32({3, 5, 67}, fill)}});
  }
  const FillFn kink_fill = away_from_zero(0.05f, 3.0f);
  cases.push_back(OpCase{"act_leaky_relu_alpha_0p1", "activation",
                         activation_attrs(ActivationKind::leaky_relu, 0.1), {f32({9, 11}, kink_fill)}});
  cases.push_back(OpCase{"act_leaky_relu_alpha_0p3", "activation",
                         activation_attrs(ActivationKind::leaky_relu, 0.3), {f32({4, 5}, kink_fill)}});
  cases.push_back(OpCase{"act_elu_alpha_0p5", "activation",
                         activation_attrs(ActivationKind::elu, 0.5), {f32({9, 11}, kink_fill)}});
  cases.push_back(OpCase{"act_elu_alpha_2", "activation",
                         activation_attrs(ActivationKind::elu, 2.0), {f32({4, 5}, kink_fill)}});
  cases.push_back(OpCase{"act_tanh_1d", "activation", activation_attrs(ActivationKind::tanh),
                         {f32({13})}});
}

void add_loss_cases(std::vector<OpCase>& cases) {
  auto sce = [&](const std::string& name, std::int64_t N, int C, float scale) {
    OpCase c{name, "softmax_cross_entropy", {}, {f32({N, C}, uniform(-scale, scale)), labels({N}, C)}};
    c.batched = {0, 1};
    // Large logits make the softmax sharp: more finite-difference truncation error.
    if (scale > 10.0f) c.grad_tolerance = 5e-3;
    cases.push_back(c);
  };
  sce("sce_8x10", 8, 10, 2.0f);
  sce("sce_N1", 1, 4, 2.0f);
  sce("sce_5x3", 5, 3, 1.0f);
  sce("sce_large_logits", 6, 10, 60.0f);  // exp would overflow without the max subtraction
}

void add_dropout_cases(std::vector<OpCase>& cases) {
  cases.push_back(OpCase{"dropout_eval", "dropout", {{"p", 0.5}}, {f32({6, 9})}});
  for (double p : {0.0, 0.2, 0.5}) {
    OpCase c{"dropout_train_p" + std::to_string(static_cast<int>(p * 10)), "dropout", {{"p", p}},
             {f32({6, 9})}};
    c.training = true;
    cases.push_back(c);
  }
}
}  // namespace

const std::vector<OpCase>& op_cases() {
  static const std::vector<OpCase> cases = [] {
    std::vector<OpCase> v;
    add_dense_cases(v);
    add_activation_cases(v);
    add_loss_cases(v);
    add_dropout_cases(v);
    return v;
  }();
  return cases;
}

}  // namespace dendrite::test
