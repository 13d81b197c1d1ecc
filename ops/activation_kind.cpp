#include "ops/activation_kind.h"

#include <cmath>

#include "framework/core/error.h"

namespace dendrite {

namespace {
const ActivationRow& row_of(ActivationKind kind) {
  DENDRITE_ASSERT(static_cast<std::size_t>(kind) < kActivationKindCount, "activation kind {} has no row",
                  static_cast<int>(kind));
  return activation_row(kind);
}
}  // namespace

const std::vector<ActivationKind>& activation_kinds() {
  static const std::vector<ActivationKind> kinds = [] {
    std::vector<ActivationKind> v;
    for (const ActivationRow& row : kActivationTable) v.push_back(row.kind);
    return v;
  }();
  return kinds;
}

std::string activation_kind_list() {
  std::string s;
  for (const ActivationRow& row : kActivationTable) s += (s.empty() ? "" : ", ") + std::string(row.name);
  return s;
}

ActivationKind parse_activation(const std::string& name) {
  if (const ActivationRow* row = find_activation_row(name)) return row->kind;
  throw Error(fmt::format("unknown activation kind '{}' (known kinds: {})", name,
                          activation_kind_list()));
}

std::string activation_name(ActivationKind kind) { return row_of(kind).name; }

bool uses_alpha(ActivationKind kind) { return row_of(kind).uses_alpha; }

float default_alpha(ActivationKind kind) { return row_of(kind).default_alpha; }

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
