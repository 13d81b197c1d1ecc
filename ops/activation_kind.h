// Activation kinds: the one list of elementwise nonlinearities dendrite knows, with their names
// and default alphas. The activation op, the model builder and the ONNX exporter all use it.
//
//   Activation a = activation_from_attrs(node.attrs);   // attrs: kind (string), alpha (float)
//   if (a.kind == ActivationKind::leaky_relu) ... a.alpha ...
//   ActivationKind k = parse_activation("gelu");         // Error listing the known kinds if unknown
//   std::string name = activation_name(k);               // "gelu"
#pragma once

#include <string>
#include <vector>

#include "framework/core/attrs.h"

namespace dendrite {

// Formulas (alpha is used only by leaky_relu and elu):
//   relu        max(x, 0)
//   leaky_relu  x > 0 ? x : alpha * x                 (alpha default 0.01)
//   sigmoid     1 / (1 + exp(-x))
//   tanh        tanh(x)
//   gelu        x * Phi(x) = x/2 * (1 + erf(x / sqrt 2))   (exact erf form)
//   silu        x * sigmoid(x)                        (also called swish)
//   elu         x > 0 ? x : alpha * (exp(x) - 1)      (alpha default 1.0)
//   softplus    log(1 + exp(x))
//   identity    x
enum class ActivationKind { relu, leaky_relu, sigmoid, tanh, gelu, silu, elu, softplus, identity };

struct Activation {
  ActivationKind kind = ActivationKind::identity;
  float alpha = 0.0f;
};

// Name -> kind; throws dendrite::Error naming the unknown kind and listing the known ones.
ActivationKind parse_activation(const std::string& name);
std::string activation_name(ActivationKind kind);
// Every kind, in declaration order, and their names ("relu, leaky_relu, ...").
const std::vector<ActivationKind>& activation_kinds();
std::string activation_kind_list();
// True for the kinds whose formula uses alpha (leaky_relu, elu).
bool uses_alpha(ActivationKind kind);
// 0.01 for leaky_relu, 1.0 for elu, 0 for the others.
float default_alpha(ActivationKind kind);
// Reads attrs `kind` (string, required) and `alpha` (float, optional, default_alpha(kind)).
// Kinds that do not use alpha get alpha 0 whatever the attribute says.
Activation activation_from_attrs(const Attrs& attrs);

}  // namespace dendrite
