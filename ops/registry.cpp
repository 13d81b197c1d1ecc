#include "ops/registry.h"

#include <map>

#include "framework/core/error.h"
#include "ops/op.h"

namespace dendrite {

#define DENDRITE_DECLARE_OP(op) OpDef make_##op##_op();
DENDRITE_OP_LIST(DENDRITE_DECLARE_OP)
#undef DENDRITE_DECLARE_OP

namespace {
const std::map<std::string, OpDef>& registry() {
  static const std::map<std::string, OpDef> ops = [] {
    std::map<std::string, OpDef> m;
// (The macro parameter must not be called `name`: it would replace def.name too.)
#define DENDRITE_REGISTER_OP(op)  \
  {                               \
    OpDef def = make_##op##_op(); \
    m.emplace(def.name, def);     \
  }
    DENDRITE_OP_LIST(DENDRITE_REGISTER_OP)
#undef DENDRITE_REGISTER_OP
    return m;
  }();
  return ops;
}
}  // namespace

std::string type_str(const TensorType& t) { return dtype_name(t.dtype) + shape_str(t.shape); }

const OpDef& find_op(const std::string& name) {
  auto it = registry().find(name);
  if (it == registry().end()) {
    std::string known;
    for (const auto& [n, def] : registry()) known += (known.empty() ? "" : ", ") + n;
    throw Error(fmt::format("unknown op '{}' (known ops: {})", name, known));
  }
  return it->second;
}

std::vector<std::string> op_names() {
  std::vector<std::string> names;
  for (const auto& [n, def] : registry()) names.push_back(n);
  return names;
}

}  // namespace dendrite
