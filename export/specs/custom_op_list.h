// The list of every ai.dendrite custom op. One line per op; for X(<name>):
//   export/specs/<name>_spec.h defines `const CustomOpSpec& <name>_spec()` (included below), and
//   export/plugin/<name>_op.cpp defines `const OrtCustomOp* plugin::<name>_op()`, its kernel.
// The ONNX side (schemas, function bodies, importer) and the plugin (its domain) walk this list.
// Header-only, like the specs.
//
//   for (const CustomOpSpec* spec : custom_op_specs()) ...
//   const CustomOpSpec* spec = find_custom_op_spec("Somatic");   // nullptr if unknown
#pragma once

#include <string>
#include <vector>

#include "export/specs/dendritic_layer_spec.h"
#include "export/specs/dendritic_spec.h"
#include "export/specs/somatic_spec.h"

#define DENDRITE_CUSTOM_OP_LIST(X) \
  X(dendritic)                     \
  X(somatic)                       \
  X(dendritic_layer)

namespace dendrite {

inline const std::vector<const CustomOpSpec*>& custom_op_specs() {
#define DENDRITE_SPEC_ADDRESS(op) &op##_spec(),
  static const std::vector<const CustomOpSpec*> specs = {DENDRITE_CUSTOM_OP_LIST(DENDRITE_SPEC_ADDRESS)};
#undef DENDRITE_SPEC_ADDRESS
  return specs;
}

inline const CustomOpSpec* find_custom_op_spec(const std::string& op_type) {
  for (const CustomOpSpec* spec : custom_op_specs())
    if (op_type == spec->name) return spec;
  return nullptr;
}

// "Dendritic, Somatic": the op types, for messages.
inline std::string custom_op_names() {
  std::string s;
  for (const CustomOpSpec* spec : custom_op_specs()) s += (s.empty() ? "" : ", ") + std::string(spec->name);
  return s;
}

}  // namespace dendrite
