// The activation op as ONNX (opset 17). Kinds with an ONNX op map to it; gelu (no Gelu op before
// opset 20) and silu are written out from their formulas.
#include <cmath>

#include <onnx/defs/attr_proto_util.h>

#include "export/onnx_op_mapping.h"
#include "framework/core/error.h"
#include "ops/activation_kind.h"

namespace dendrite {

namespace {

void unary(OnnxNodeWriter& w, const char* op_type) { w.add(op_type, {w.input(0)}, {w.output(0)}); }

void unary_with_alpha(OnnxNodeWriter& w, const char* op_type, float alpha) {
  *w.add(op_type, {w.input(0)}, {w.output(0)}).add_attribute() = onnx::MakeAttribute("alpha", alpha);
}

// gelu(x) = x * 0.5 * (1 + erf(x / sqrt(2)))
void gelu(OnnxNodeWriter& w) {
  const std::string& x = w.input(0);
  const std::string inv_sqrt2 = w.scalar("inv_sqrt2", static_cast<float>(1.0 / std::sqrt(2.0)));
  const std::string one = w.scalar("one", 1.0f);
  const std::string half = w.scalar("half", 0.5f);
  w.add("Mul", {x, inv_sqrt2}, {w.temp("scaled")}, "scaled");
  w.add("Erf", {w.temp("scaled")}, {w.temp("erf")}, "erf");
  w.add("Add", {w.temp("erf"), one}, {w.temp("one_plus_erf")}, "one_plus_erf");
  w.add("Mul", {w.temp("one_plus_erf"), half}, {w.temp("phi")}, "phi");
  w.add("Mul", {x, w.temp("phi")}, {w.output(0)});
}

// silu(x) = x * sigmoid(x)
void silu(OnnxNodeWriter& w) {
  const std::string& x = w.input(0);
  w.add("Sigmoid", {x}, {w.temp("sigmoid")}, "sigmoid");
  w.add("Mul", {x, w.temp("sigmoid")}, {w.output(0)});
}

}  // namespace

void emit_activation(OnnxNodeWriter& w) {
  const Activation a = activation_from_attrs(w.node().attrs);
  switch (a.kind) {
    case ActivationKind::relu: return unary(w, "Relu");
    case ActivationKind::leaky_relu: return unary_with_alpha(w, "LeakyRelu", a.alpha);
    case ActivationKind::sigmoid: return unary(w, "Sigmoid");
    case ActivationKind::tanh: return unary(w, "Tanh");
    case ActivationKind::gelu: return gelu(w);
    case ActivationKind::silu: return silu(w);
    case ActivationKind::elu: return unary_with_alpha(w, "Elu", a.alpha);
    case ActivationKind::softplus: return unary(w, "Softplus");
    case ActivationKind::identity: return unary(w, "Identity");
  }
  throw Error(fmt::format("activation kind '{}' has no ONNX form", activation_name(a.kind)));
}

}  // namespace dendrite
