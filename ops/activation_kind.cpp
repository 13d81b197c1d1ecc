#include "ops/activation_kind.h"

#include <cmath>

#include "framework/core/error.h"

namespace dendrite {

namespace {
struct KindName {
  ActivationKind kind;
  const char* name;
};
constexpr KindName kKindNames[] = {
    {ActivationKind::relu, "relu"},         {ActivationKind::leaky_relu, "leaky_relu"},
    {ActivationKind::sigmoid, "sigmoid"},   {ActivationKind::tanh, "tanh"},
    {ActivationKind::gelu, "gelu"},         {ActivationKind::silu, "silu"},
    {ActivationKind::elu, "elu"},           {ActivationKind::softplus, "softplus"},
    {ActivationKind::identity, "identity"},
};
}  // namespace

const std::vector<ActivationKind>& activation_kinds() {
  static const std::vector<ActivationKind> kinds = [] {
    std::vector<ActivationKind> v;
    for (const KindName& kn : kKindNames) v.push_back(kn.kind);
    return v;
  }();
  return kinds;
}

std::string activation_kind_list() {
  std::string s;
  for (const KindName& kn : kKindNames) s += (s.empty() ? "" : ", ") + std::string(kn.name);
  return s;
}

ActivationKind parse_activation(const std::string& name) {
  for (const KindName& kn : kKindNames)
    if (name == kn.name) return kn.kind;
  throw Error(fmt::format("unknown activation kind '{}' (known kinds: {})", name,
                          activation_kind_list()));
}

std::string activation_name(ActivationKind kind) {
  for (const KindName& kn : kKindNames)
    if (kn.kind == kind) return kn.name;
  DENDRITE_ASSERT(false, "activation kind {} has no name", static_cast<int>(kind));
  return {};
}

bool uses_alpha(ActivationKind kind) {
  return kind == ActivationKind::leaky_relu || kind == ActivationKind::elu;
}

float default_alpha(ActivationKind kind) {
  switch (kind) {
    case ActivationKind::leaky_relu: return 0.01f;
    case ActivationKind::elu: return 1.0f;
    default: return 0.0f;
  }
}

Activation activation_from_attrs(const Attrs& attrs) {
  Activation a;
  a.kind = parse_activation(attrs.get_string("kind"));
  if (uses_alpha(a.kind)) {
    const double alpha = attrs.get_float("alpha", default_alpha(a.kind));
    DENDRITE_CHECK(std::isfinite(alpha), "activation {}: alpha must be finite, got {}",
                   activation_name(a.kind), alpha);
    a.alpha = static_cast<float>(alpha);
  }
  return a;
}

}  // namespace dendrite
