// The description of one custom op of the "ai.dendrite" ONNX domain, written once per op in
// export/specs/<op>_spec.h (listed in custom_op_list.h) and read by every side that needs it:
//   - the ONNX schema and its shape inference (export/onnx_schemas.cpp),
//   - the model-local function body (export/onnx_functions.cpp),
//   - the exporter's node (export/onnx_op_mapping.cpp) and the importer's checks (onnx_import.cpp),
//   - the ONNX Runtime plugin: op name, input count, input types and ranks, shape checks
//     (export/plugin/spec_op.h, kernel_support.cpp).
// Plain constexpr data and small inline functions, with no ONNX, ORT or graph includes: the
// plugin includes this and links none of them.
//
// A spec names the op, documents its inputs and output, takes ranks, kinds and the shape rule
// from a ShapeRule (ops/shape_rule.h; for an op that is also a graph op, the graph op's own rule),
// declares its attributes with defaults, and builds its function body (ONNX's textual syntax,
// standard ops only: the statements between the braces; the signature comes from the spec) from
// the attribute values of a node, so a body may depend on them:
//
//   inline constexpr OnnxInput kInputs[] = {{"X", "input, [N, F]"}};
//   inline constexpr AttrSpec kAttrs[] = {{"alpha", AttrType::f32, "the factor", 1.0}};
//   std::string body(const Attrs& a) {   // every attribute of the spec, defaults filled in
//     return fmt::format("alpha = Constant <value_float = {}> ()\nY = Mul (X, alpha)\n", a.get_float("alpha"));
//   }
//   inline constexpr CustomOpSpec kScale{"Scale", "Y = alpha * X", kScaleShape, kInputs,
//                                        {"Y", "output, [N, F]"}, kAttrs, "Mul by a constant", body};
#pragma once

#include <string>

#include "framework/core/attrs.h"
#include "framework/core/const_list.h"
#include "ops/shape_rule.h"

namespace dendrite {

inline constexpr const char* kOnnxDomain = "ai.dendrite";
inline constexpr int kOnnxDomainVersion = 1;  // every op of the domain is "since version 1"

// The ONNX name of an input (the graph op may name it differently) and its documentation; its
// rank and kind are the ShapeRule's.
struct OnnxInput {
  const char* name;
  const char* doc;
};

struct OnnxOutput {
  const char* name;
  const char* doc;
};

// Attribute types: ONNX FLOAT (a double in Attrs), INT, STRING.
enum class AttrType { f32, i64, string };

inline const char* attr_type_name(AttrType t) {
  switch (t) {
    case AttrType::f32: return "float";
    case AttrType::i64: return "int";
    case AttrType::string: return "string";
  }
  return "?";
}

// An attribute: every ai.dendrite attribute is optional and has a default (`number` for f32 and
// i64, `text` for string).
struct AttrSpec {
  const char* name;
  AttrType type;
  const char* doc;
  double number = 0.0;
  const char* text = "";

  AttrValue default_value() const {
    if (type == AttrType::string) return std::string(text);
    if (type == AttrType::i64) return static_cast<std::int64_t>(number);
    return number;
  }
};

struct CustomOpSpec;
// A spec whose model-local function another op's body calls (so the exporter writes it too).
using CalledSpec = const CustomOpSpec& (*)();

struct CustomOpSpec {
  const char* name;  // the op type in the ai.dendrite domain
  const char* doc;   // the schema's documentation
  ShapeRule shape;   // inputs (rank, kind), output dimensions, checks
  ConstList<OnnxInput> inputs;  // one per shape.inputs, in order
  OnnxOutput output;            // every ai.dendrite op has one float output
  ConstList<AttrSpec> attrs;
  const char* function_doc;
  // The statements of the function body for a node with these attributes (all of the spec's,
  // defaults filled in). A body that does not depend on them ignores the argument. The body may
  // refer to the node's attributes (`@name`) and call other ai.dendrite ops, listed in `calls`.
  std::string (*function_body)(const Attrs& attrs);
  ConstList<CalledSpec> calls = {};

  // The attribute named `name`, or nullptr.
  const AttrSpec* find_attr(const std::string& attr) const {
    for (const AttrSpec& a : attrs)
      if (attr == a.name) return &a;
    return nullptr;
  }
  // "alpha, kind" for messages; "none" when there are none.
  std::string attr_names() const {
    std::string s;
    for (const AttrSpec& a : attrs) s += (s.empty() ? "" : ", ") + std::string(a.name);
    return s.empty() ? "none" : s;
  }
};

// A spec whose ONNX inputs and rule inputs differ in number does not compile:
//   static_assert(inputs_match(kSomaticInputs, kSomaticShape));
template <std::size_t N>
constexpr bool inputs_match(const OnnxInput (&)[N], const ShapeRule& rule) {
  return N == rule.inputs.size();
}

}  // namespace dendrite
