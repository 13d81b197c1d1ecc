#include "export/onnx_op_mapping.h"

#include <algorithm>

#include "export/specs/custom_op_list.h"

namespace dendrite {

namespace {

// The emission of each CUSTOM op: its spec's node.
#define DENDRITE_DEFINE_CUSTOM_EMIT(op) \
  void emit_##op(OnnxNodeWriter& w) { w.add_custom(op##_spec()); }
DENDRITE_ONNX_EXPORT_LIST(DENDRITE_ONNX_SKIP_1, DENDRITE_DEFINE_CUSTOM_EMIT, DENDRITE_ONNX_SKIP_2, DENDRITE_ONNX_SKIP_1)
#undef DENDRITE_DEFINE_CUSTOM_EMIT

std::vector<OnnxOpMapping> build_mappings() {
  std::vector<OnnxOpMapping> m;
#define DENDRITE_STANDARD_ROW(op) m.push_back({#op, emit_##op, "", nullptr});
#define DENDRITE_CUSTOM_ROW(op) m.push_back({#op, emit_##op, "", &op##_spec()});
  DENDRITE_ONNX_EXPORT_LIST(DENDRITE_STANDARD_ROW, DENDRITE_CUSTOM_ROW, DENDRITE_ONNX_SKIP_2, DENDRITE_ONNX_SKIP_1)
#undef DENDRITE_STANDARD_ROW
#undef DENDRITE_CUSTOM_ROW
  // SAME_AS rows: a copy of the other op's row (listed above, a STANDARD or CUSTOM entry).
  auto same_as = [&m](const char* op, const char* other) {
    const auto it = std::find_if(m.begin(), m.end(), [&](const OnnxOpMapping& r) { return r.op == other; });
    OnnxOpMapping row = *it;  // the list is fixed: DENDRITE_ONNX_EXPORT_LIST names `other` above
    row.op = op;
    row.same_as = other;
    m.push_back(row);
  };
#define DENDRITE_SAME_AS_ROW(op, other) same_as(#op, #other);
  DENDRITE_ONNX_EXPORT_LIST(DENDRITE_ONNX_SKIP_1, DENDRITE_ONNX_SKIP_1, DENDRITE_SAME_AS_ROW, DENDRITE_ONNX_SKIP_1)
#undef DENDRITE_SAME_AS_ROW
  return m;
}

}  // namespace

const std::vector<OnnxOpMapping>& onnx_mappings() {
  static const std::vector<OnnxOpMapping> mappings = build_mappings();
  return mappings;
}

const OnnxOpMapping* find_onnx_mapping(const std::string& op) {
  for (const OnnxOpMapping& m : onnx_mappings())
    if (op == m.op) return &m;
  return nullptr;
}

const std::vector<std::string>& onnx_unexported_ops() {
#define DENDRITE_UNEXPORTED_NAME(op) #op,
  static const std::vector<std::string> ops = {
      DENDRITE_ONNX_EXPORT_LIST(DENDRITE_ONNX_SKIP_1, DENDRITE_ONNX_SKIP_1, DENDRITE_ONNX_SKIP_2, DENDRITE_UNEXPORTED_NAME)};
#undef DENDRITE_UNEXPORTED_NAME
  return ops;
}

std::string onnx_mapped_op_list() {
  std::vector<std::string> names;
  for (const OnnxOpMapping& m : onnx_mappings()) names.push_back(m.op);
  std::sort(names.begin(), names.end());
  std::string s;
  for (const std::string& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

}  // namespace dendrite
