#include "tests/ops/op_cases.h"

#include <algorithm>
#include <cstring>
#include <numeric>

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

CsrTensors random_csr(std::int64_t n_out, std::int64_t n_in, std::int64_t min_len,
                      std::int64_t max_len, std::uint64_t seed,
                      const std::vector<std::int64_t>& empty_rows) {
  Rng rng(seed);
  std::vector<std::int32_t> row_ptr{0};
  std::vector<std::int32_t> col;
  std::vector<std::int32_t> inputs(static_cast<std::size_t>(n_in));
  std::iota(inputs.begin(), inputs.end(), 0);
  for (std::int64_t j = 0; j < n_out; ++j) {
    const bool empty = std::find(empty_rows.begin(), empty_rows.end(), j) != empty_rows.end();
    const std::int64_t len =
        empty ? 0 : min_len + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(max_len - min_len + 1)));
    rng.shuffle(inputs);
    col.insert(col.end(), inputs.begin(), inputs.begin() + len);
    row_ptr.push_back(static_cast<std::int32_t>(col.size()));
  }
  CsrTensors t;
  t.nnz = static_cast<std::int64_t>(col.size());
  t.row_ptr = Tensor::from_i32({n_out + 1}, row_ptr);
  t.col = Tensor::from_i32({t.nnz}, col);
  return t;
}

void PrintTo(const OpCase& c, std::ostream* os) { *os << c.name << " (op " << c.op << ")"; }

namespace {
Attrs activation_attrs(ActivationKind kind) { return {{"kind", activation_name(kind)}}; }
Attrs activation_attrs(ActivationKind kind, double alpha) {
  return {{"kind", activation_name(kind)}, {"alpha", alpha}};
}

// Kinds whose derivative jumps at 0 (the table's kink_at_zero) get inputs away from 0.
bool kinked(ActivationKind kind) { return activation_row(kind).kink_at_zero; }

// Rows of ops whose optimized kernel runs oneDNN primitives (see kOneDnnAllocations).
OpCase onednn_row(OpCase c) {
  c.allowed_allocations = kOneDnnAllocations;
  return c;
}

void add_dense_cases(std::vector<OpCase>& cases) {
  auto dense = [&](const std::string& name, std::int64_t N, std::int64_t n_in, std::int64_t n_out) {
    OpCase c{name, "dense", {}, {f32({N, n_in}), f32({n_out, n_in}), f32({n_out})}};
    c.batched = {0};
    cases.push_back(onednn_row(c));
  };
  dense("dense_4x8_to_5", 4, 8, 5);
  dense("dense_N1", 1, 6, 3);
  dense("dense_7x33_to_17", 7, 33, 17);  // odd sizes: vector tails; partial batch of 3
  dense("dense_16x64_to_10", 16, 64, 10);
  dense("dense_one_output", 5, 12, 1);
}

void add_activation_cases(std::vector<OpCase>& cases) {
  for (ActivationKind kind : activation_kinds()) {
    const std::string name = activation_name(kind);
    const FillFn fill = kinked(kind) ? away_from_zero(0.05f, 3.0f) : uniform(-3.0f, 3.0f);
    OpCase c{"act_" + name, "activation", activation_attrs(kind), {f32({6, 7}, fill)}};
    c.batched = {0};
    cases.push_back(onednn_row(c));
    // Enough elements for oneDNN's vectorized body and tail; rank 3.
    cases.push_back(onednn_row(
        {"act_" + name + "_large", "activation", activation_attrs(kind), {f32({3, 5, 67}, fill)}}));
  }
  const FillFn kink_fill = away_from_zero(0.05f, 3.0f);
  cases.push_back(onednn_row({"act_leaky_relu_alpha_0p1", "activation",
                              activation_attrs(ActivationKind::leaky_relu, 0.1), {f32({9, 11}, kink_fill)}}));
  cases.push_back(onednn_row({"act_leaky_relu_alpha_0p3", "activation",
                              activation_attrs(ActivationKind::leaky_relu, 0.3), {f32({4, 5}, kink_fill)}}));
  cases.push_back(onednn_row({"act_elu_alpha_0p5", "activation",
                              activation_attrs(ActivationKind::elu, 0.5), {f32({9, 11}, kink_fill)}}));
  cases.push_back(onednn_row({"act_elu_alpha_2", "activation",
                              activation_attrs(ActivationKind::elu, 2.0), {f32({4, 5}, kink_fill)}}));
  cases.push_back(onednn_row(
      {"act_tanh_1d", "activation", activation_attrs(ActivationKind::tanh), {f32({13})}}));
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

OpCase dendritic_case(const std::string& name, std::int64_t N, std::int64_t n_in,
                      const CsrTensors& csr) {
  const std::int64_t n_out = csr.row_ptr.numel() - 1;
  OpCase c{name, "dendritic", {},
           {f32({N, n_in}), f32({csr.nnz}), f32({n_out}), given(csr.row_ptr), given(csr.col)}};
  c.batched = {0};
  return c;
}

void add_dendritic_cases(std::vector<OpCase>& cases) {
  // Variable row lengths (0..7) with empty rows; some inputs have no connection.
  cases.push_back(dendritic_case("dendritic_variable", 6, 20, random_csr(9, 20, 0, 7, 1, {3, 8})));
  cases.push_back(dendritic_case("dendritic_fixed_k4", 8, 30, random_csr(12, 30, 4, 4, 2)));
  cases.push_back(dendritic_case("dendritic_N1", 1, 10, random_csr(5, 10, 1, 4, 3)));
  // Batches around the kernels' 64-wide batch block: one full block plus a tail, two blocks.
  cases.push_back(dendritic_case("dendritic_N67", 67, 16, random_csr(5, 16, 2, 5, 4)));
  cases.push_back(dendritic_case("dendritic_N128", 128, 12, random_csr(4, 12, 3, 3, 5)));
  // Large enough for the multi-threaded paths of the optimized kernels.
  OpCase threaded = dendritic_case("dendritic_threaded", 64, 300, random_csr(200, 300, 1, 16, 8, {0, 77}));
  threaded.gradcheck = false;
  cases.push_back(threaded);
  cases.push_back(dendritic_case("dendritic_all_to_all", 5, 7, random_csr(3, 7, 7, 7, 6)));
  // No connections at all: y = b, d_x = 0, d_w empty.
  cases.push_back(dendritic_case("dendritic_no_connections", 4, 6, random_csr(3, 6, 0, 0, 7)));
  // The same input twice in one row: the two weights add up.
  CsrTensors dup;
  dup.row_ptr = Tensor::from_i32({3}, {0, 3, 4});
  dup.col = Tensor::from_i32({4}, {2, 0, 2, 1});
  dup.nnz = 4;
  cases.push_back(dendritic_case("dendritic_duplicate_input", 5, 3, dup));
}

void add_somatic_cases(std::vector<OpCase>& cases) {
  auto somatic = [&](const std::string& name, std::int64_t N, std::int64_t S, std::int64_t D,
                     bool gradcheck = true) {
    OpCase c{name, "somatic", {}, {f32({N, S * D}), f32({S, D}), f32({S})}};
    c.batched = {0};
    c.gradcheck = gradcheck;
    cases.push_back(c);
  };
  somatic("somatic_D1", 5, 7, 1);
  somatic("somatic_D4", 9, 6, 4);
  somatic("somatic_D3_N70", 70, 5, 3);
  somatic("somatic_S70_D2", 4, 70, 2);  // more somata than one weight-gradient block
  somatic("somatic_N1", 1, 3, 16);
  somatic("somatic_threaded", 64, 130, 8, false);  // multi-threaded paths
}
// The masked (dense, oneDNN) forms of the sparse ops: the same inputs as their sparse rows; the
// reference is the sparse op's reference kernel.
void add_masked_cases(std::vector<OpCase>& cases) {
  auto masked_dendritic = [&](const std::string& name, std::int64_t N, std::int64_t n_in,
                              const CsrTensors& csr) {
    OpCase c = dendritic_case(name, N, n_in, csr);
    c.op = "masked_dendritic";
    cases.push_back(onednn_row(c));
  };
  masked_dendritic("masked_dendritic_variable", 6, 20, random_csr(9, 20, 0, 7, 1, {3, 8}));
  masked_dendritic("masked_dendritic_N1", 1, 10, random_csr(5, 10, 1, 4, 3));
  masked_dendritic("masked_dendritic_N67", 67, 16, random_csr(5, 16, 2, 5, 4));
  masked_dendritic("masked_dendritic_no_connections", 4, 6, random_csr(3, 6, 0, 0, 7));
  CsrTensors dup;  // the same input twice in one row: the dense weight is the sum
  dup.row_ptr = Tensor::from_i32({3}, {0, 3, 4});
  dup.col = Tensor::from_i32({4}, {2, 0, 2, 1});
  dup.nnz = 4;
  masked_dendritic("masked_dendritic_duplicate_input", 5, 3, dup);

  auto masked_somatic = [&](const std::string& name, std::int64_t N, std::int64_t S, std::int64_t D) {
    OpCase c{name, "masked_somatic", {}, {f32({N, S * D}), f32({S, D}), f32({S})}};
    c.batched = {0};
    cases.push_back(onednn_row(c));
  };
  masked_somatic("masked_somatic_D1", 5, 7, 1);
  masked_somatic("masked_somatic_D4", 9, 6, 4);
  masked_somatic("masked_somatic_N1", 1, 3, 16);
}

// Statistics per feature and one pair for all features; std away from 0.
void add_normalize_cases(std::vector<OpCase>& cases) {
  auto normalize = [&](const std::string& name, std::int64_t N, std::int64_t F, std::int64_t k) {
    OpCase c{name, "normalize", {}, {f32({N, F}, uniform(0.0f, 1.0f)), f32({k}, uniform(-0.5f, 0.5f)),
                                     f32({k}, uniform(0.3f, 2.0f))}};
    c.batched = {0};
    cases.push_back(c);
  };
  normalize("normalize_per_feature", 6, 11, 11);
  normalize("normalize_global", 5, 9, 1);
  normalize("normalize_N1", 1, 4, 4);
}
}  // namespace

const std::vector<OpCase>& op_cases() {
  static const std::vector<OpCase> cases = [] {
    std::vector<OpCase> v;
    add_dense_cases(v);
    add_activation_cases(v);
    add_loss_cases(v);
    add_dropout_cases(v);
    add_dendritic_cases(v);
    add_somatic_cases(v);
    add_masked_cases(v);
    add_normalize_cases(v);
    add_dendritic_layer_cases(v);
    return v;
  }();
  return cases;
}

}  // namespace dendrite::test
