// The activation kinds as one table: one row per elementwise nonlinearity with everything dendrite
// knows about it. Every user reads the row instead of switching on the kind:
//   ops/activation_kind.cpp          names, parsing, alphas (ActivationKind, Activation)
//   ops/reference/activation.cpp     the reference kernels (value, derivative)
//   ops/onednn/eltwise.cpp           the optimized kernel (EltwiseAlgorithm -> dnnl::algorithm)
//   export/mappings/activation.cpp   the ONNX nodes (OnnxForm)
//   ops/cpu/rectifier.cpp, export/onnx_layer_node.cpp, export/plugin/dendritic_layer_op.cpp
//                                    the rectifier the sparse kernels and the fused dANN layer
//                                    (Chavlis & Poirazi) apply in-kernel (RectifierForm)
// Header-only and constexpr, so the ONNX Runtime plugin, which links no dendrite library, reads
// the same rows.
//
// To add a kind:
//   1. add its enumerator to ActivationKind and its row to kActivationTable, at the same position
//      (a static_assert checks the order): name, alpha (whether the formula takes one, and its
//      default), f and f' as plain scalar functions of (x, alpha), whether f' jumps at 0, the
//      oneDNN algorithm, the ONNX form (standard ops of opset 17) and the rectifier form;
//   2. add a value worked out by hand to kKnownValues in tests/ops/activation_table_test.cpp (the
//      test fails for a row without one). The table tests then check the other columns against
//      the reference: f' against finite differences of f, the oneDNN kernel, the rectifier, and
//      the ONNX form in the checker and in ONNX Runtime (tests/export/activation_onnx_test.cpp).
//   Only when oneDNN needs an algorithm not yet in EltwiseAlgorithm, add it there and to its map
//   in ops/onednn/eltwise.cpp; only when an ONNX op needs an attribute other than alpha, extend
//   OnnxStep and its writer in export/mappings/activation.cpp.
#pragma once

#include <cmath>
#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>

namespace dendrite {

enum class ActivationKind { relu, leaky_relu, sigmoid, tanh, gelu, silu, elu, softplus, identity };

// The oneDNN eltwise algorithms the kinds use, named here so that ops/ needs no oneDNN header;
// ops/onednn/eltwise.cpp maps them. Each computes its backward from the source x. `copy` runs no
// primitive (y = x, d_x = d_y).
enum class EltwiseAlgorithm { copy, relu, logistic, tanh, gelu_erf, swish, elu, soft_relu };

// A kind as a oneDNN eltwise primitive: algorithm(alpha, beta), where alpha is the activation's
// own alpha when alpha_from_activation.
struct EltwiseForm {
  EltwiseAlgorithm algorithm = EltwiseAlgorithm::copy;
  float alpha = 0.0f;
  float beta = 0.0f;
  bool alpha_from_activation = false;
};

// A kind as ONNX nodes of the default domain (opset 17): first a Constant node per constant, then
// the steps in order. A step's inputs name "x" (the activation's input), a constant or an earlier
// step's output; every step but the last writes the helper value "<node>/<output>" (node
// "<node>/<output>"), the last one the activation's output (node "<node>"), and its output is
// written "y". `alpha`: the node gets the float attribute alpha, the activation's alpha.
struct OnnxConstant {
  const char* name = nullptr;
  float value = 0.0f;
};
struct OnnxStep {
  const char* op = nullptr;
  const char* inputs[2] = {"x", nullptr};
  const char* output = "y";
  bool alpha = false;
};
inline constexpr std::size_t kMaxOnnxSteps = 5, kMaxOnnxConstants = 3;
struct OnnxForm {
  OnnxStep steps[kMaxOnnxSteps] = {};  // unused ones have no op
  OnnxConstant constants[kMaxOnnxConstants] = {};  // unused ones have no name
};
// The form of a kind that is one ONNX op on x.
constexpr OnnxForm onnx_op(const char* op, bool alpha = false) {
  OnnxForm f;
  f.steps[0].op = op;
  f.steps[0].alpha = alpha;
  return f;
}

// Whether the sparse kernels' fused rectifier f(z) = z > 0 ? z : slope * z (ops/cpu/rectifier.h)
// computes a kind, and with which slope below zero: not at all; as the identity (slope 1, nothing
// to apply); with slope 0; with the activation's alpha as slope (alpha >= 0 only: with a negative
// slope the backward cannot read z's sign from y).
enum class RectifierForm { none, identity, zero_slope, alpha_slope };

struct ActivationRow {
  ActivationKind kind;
  const char* name;
  bool uses_alpha;      // the formula takes the parameter alpha
  float default_alpha;  // 0 when it does not
  double (*value)(double x, double alpha);       // the reference f, in double
  double (*derivative)(double x, double alpha);  // the reference f'
  bool kink_at_zero;  // f' jumps at 0 (for some alpha): finite differences need inputs away from 0
  EltwiseForm eltwise;
  OnnxForm onnx;
  RectifierForm rectifier;
};

namespace activation_math {
inline constexpr double kInvSqrt2 = 0.70710678118654752440;
inline constexpr double kInvSqrt2Pi = 0.39894228040143267794;
inline double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
// log(1 + exp(x)) without overflow for large x.
inline double softplus(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }
}  // namespace activation_math

// clang-format off
inline constexpr ActivationRow kActivationTable[] = {
    // relu: max(x, 0)
    {ActivationKind::relu, "relu", false, 0.0f,
     [](double x, double) { return x > 0 ? x : 0.0; },
     [](double x, double) { return x > 0 ? 1.0 : 0.0; },
     true, {EltwiseAlgorithm::relu, 0.0f}, onnx_op("Relu"), RectifierForm::zero_slope},
    // leaky_relu: x > 0 ? x : alpha * x
    {ActivationKind::leaky_relu, "leaky_relu", true, 0.01f,
     [](double x, double alpha) { return x > 0 ? x : alpha * x; },
     [](double x, double alpha) { return x > 0 ? 1.0 : alpha; },
     true, {EltwiseAlgorithm::relu, 0.0f, 0.0f, true}, onnx_op("LeakyRelu", true), RectifierForm::alpha_slope},
    // sigmoid: 1 / (1 + exp(-x))
    {ActivationKind::sigmoid, "sigmoid", false, 0.0f,
     [](double x, double) { return activation_math::sigmoid(x); },
     [](double x, double) { const double s = activation_math::sigmoid(x); return s * (1.0 - s); },
     false, {EltwiseAlgorithm::logistic}, onnx_op("Sigmoid"), RectifierForm::none},
    // tanh
    {ActivationKind::tanh, "tanh", false, 0.0f,
     [](double x, double) { return std::tanh(x); },
     [](double x, double) { const double t = std::tanh(x); return 1.0 - t * t; },
     false, {EltwiseAlgorithm::tanh}, onnx_op("Tanh"), RectifierForm::none},
    // gelu: x * Phi(x) = x/2 * (1 + erf(x / sqrt 2)), the exact erf form; f' = Phi(x) + x phi(x).
    // ONNX has no Gelu before opset 20: written out from the formula.
    {ActivationKind::gelu, "gelu", false, 0.0f,
     [](double x, double) { return 0.5 * x * (1.0 + std::erf(x * activation_math::kInvSqrt2)); },
     [](double x, double) {
       return 0.5 * (1.0 + std::erf(x * activation_math::kInvSqrt2)) +
              x * activation_math::kInvSqrt2Pi * std::exp(-0.5 * x * x);
     },
     false, {EltwiseAlgorithm::gelu_erf},
     {{{"Mul", {"x", "inv_sqrt2"}, "scaled"}, {"Erf", {"scaled"}, "erf"}, {"Add", {"erf", "one"}, "one_plus_erf"},
       {"Mul", {"one_plus_erf", "half"}, "phi"}, {"Mul", {"x", "phi"}}},
      {{"inv_sqrt2", 0.70710678118654752440f}, {"one", 1.0f}, {"half", 0.5f}}},
     RectifierForm::none},
    // silu (swish): x * sigmoid(x); f' = s(x) (1 + x (1 - s(x))). oneDNN's swish is x * sigmoid(1 * x).
    {ActivationKind::silu, "silu", false, 0.0f,
     [](double x, double) { return x * activation_math::sigmoid(x); },
     [](double x, double) { const double s = activation_math::sigmoid(x); return s * (1.0 + x * (1.0 - s)); },
     false, {EltwiseAlgorithm::swish, 1.0f},
     {{{"Sigmoid", {"x"}, "sigmoid"}, {"Mul", {"x", "sigmoid"}}}},
     RectifierForm::none},
    // elu: x > 0 ? x : alpha * (exp(x) - 1)
    {ActivationKind::elu, "elu", true, 1.0f,
     [](double x, double alpha) { return x > 0 ? x : alpha * std::expm1(x); },
     [](double x, double alpha) { return x > 0 ? 1.0 : alpha * std::exp(x); },
     true, {EltwiseAlgorithm::elu, 0.0f, 0.0f, true}, onnx_op("Elu", true), RectifierForm::none},
    // softplus: log(1 + exp(x)); f' = sigmoid(x). oneDNN 2.6's soft_relu is log(1 + exp(x)).
    {ActivationKind::softplus, "softplus", false, 0.0f,
     [](double x, double) { return activation_math::softplus(x); },
     [](double x, double) { return activation_math::sigmoid(x); },
     false, {EltwiseAlgorithm::soft_relu}, onnx_op("Softplus"), RectifierForm::none},
    // identity: x
    {ActivationKind::identity, "identity", false, 0.0f,
     [](double x, double) { return x; },
     [](double, double) { return 1.0; },
     false, {EltwiseAlgorithm::copy}, onnx_op("Identity"), RectifierForm::identity},
};
// clang-format on

inline constexpr std::size_t kActivationKindCount = std::size(kActivationTable);

namespace activation_table_detail {
constexpr bool rows_in_enum_order() {
  for (std::size_t i = 0; i < kActivationKindCount; ++i)
    if (static_cast<std::size_t>(kActivationTable[i].kind) != i) return false;
  return true;
}
}  // namespace activation_table_detail
static_assert(activation_table_detail::rows_in_enum_order(),
              "kActivationTable: row i must be the ActivationKind with value i");

// The row of a kind (every enumerator has one: see the static_assert).
constexpr const ActivationRow& activation_row(ActivationKind kind) {
  return kActivationTable[static_cast<std::size_t>(kind)];
}
// The row named `name`, or nullptr.
constexpr const ActivationRow* find_activation_row(std::string_view name) {
  for (const ActivationRow& row : kActivationTable)
    if (name == row.name) return &row;
  return nullptr;
}

// The rectifier's slope below zero for a kind it computes (identity 1, zero_slope 0, alpha_slope
// alpha). The ONNX DendriticLayer node writes each activation as this slope.
constexpr double rectifier_slope(RectifierForm form, double alpha) {
  switch (form) {
    case RectifierForm::identity: return 1.0;
    case RectifierForm::alpha_slope: return alpha;
    default: return 0.0;
  }
}

// The kinds the rectifier computes, in table order: "relu, leaky_relu and identity"; with
// alpha_note, an alpha_slope kind reads "leaky_relu (alpha >= 0)".
inline std::string rectifier_kind_list(bool alpha_note) {
  std::string list, last;
  for (const ActivationRow& row : kActivationTable) {
    if (row.rectifier == RectifierForm::none) continue;
    if (!last.empty()) list += (list.empty() ? "" : ", ") + last;
    last = std::string(row.name) + (alpha_note && row.rectifier == RectifierForm::alpha_slope ? " (alpha >= 0)" : "");
  }
  return list.empty() ? last : list + " and " + last;
}

}  // namespace dendrite
