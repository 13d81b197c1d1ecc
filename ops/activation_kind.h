// Activation kinds: the elementwise nonlinearities of ops/activation_table.h (one row per kind:
// formula, alpha, kernels, ONNX form) as names, parsed attributes and default alphas. The
// activation op, the model builder and the ONNX exporter all use it.
//
//   Activation a = activation_from_attrs(node.attrs);   // attrs: kind (string), alpha (float)
//   if (a.kind == ActivationKind::leaky_relu) ... a.alpha ...
//   ActivationKind k = parse_activation("gelu");         // Error listing the known kinds if unknown
//   std::string name = activation_name(k);               // "gelu"
#pragma once

#include <string>
#include <vector>

#include "framework/core/attrs.h"
#include "ops/activation_table.h"

namespace dendrite {

struct Activation {
  ActivationKind kind = ActivationKind::identity;
  float alpha = 0.0f;
};

// Name -> kind; throws dendrite::Error naming the unknown kind and listing the known ones.
ActivationKind parse_activation(const std::string& name);
std::string activation_name(ActivationKind kind);
// Every kind, in table order, and their names ("relu, leaky_relu, ...").
const std::vector<ActivationKind>& activation_kinds();
std::string activation_kind_list();
// True for the kinds whose formula uses alpha (the table's uses_alpha: leaky_relu, elu).
bool uses_alpha(ActivationKind kind);
// The table's default alpha: 0.01 for leaky_relu, 1.0 for elu, 0 for the others.
float default_alpha(ActivationKind kind);
// Reads attrs `kind` (string, required) and `alpha` (float, optional, default_alpha(kind)).
// Kinds that do not use alpha get alpha 0 whatever the attribute says.
Activation activation_from_attrs(const Attrs& attrs);

}  // namespace dendrite
