#include "export/onnx_functions.h"

#include <onnx/defs/parser.h>

#include "export/onnx_schemas.h"
#include "framework/core/error.h"

namespace dendrite {

namespace {

bool has_type(const AttrValue& v, AttrType type) {
  switch (type) {
    case AttrType::f32: return std::holds_alternative<double>(v) || std::holds_alternative<std::int64_t>(v);
    case AttrType::i64: return std::holds_alternative<std::int64_t>(v);
    case AttrType::string: return std::holds_alternative<std::string>(v);
  }
  return false;
}

}  // namespace

Attrs custom_op_attrs(const CustomOpSpec& spec, const Attrs& given) {
  for (const auto& [name, value] : given.values()) {
    const AttrSpec* a = spec.find_attr(name);
    DENDRITE_CHECK(a != nullptr, "attribute '{}' is not one of {}.{}'s (it takes: {})", name, kOnnxDomain,
                   spec.name, spec.attr_names());
    DENDRITE_CHECK(has_type(value, a->type), "attribute '{}' of {}.{} must be a {}", name, kOnnxDomain, spec.name,
                   attr_type_name(a->type));
  }
  Attrs all;
  for (const AttrSpec& a : spec.attrs) {
    if (!given.has(a.name)) all.set(a.name, a.default_value());
    else if (a.type == AttrType::f32) all.set(a.name, given.get_float(a.name));  // an int given for a float
    else all.set(a.name, given.values().at(a.name));
  }
  return all;
}

std::string custom_op_function_text(const CustomOpSpec& spec, const Attrs& attrs) {
  std::string inputs, attributes, domains = fmt::format("\"\" : {}", kOnnxOpset);
  for (const OnnxInput& in : spec.inputs) inputs += (inputs.empty() ? "" : ", ") + std::string(in.name);
  // The attributes the body refers to (`@name`), and our own domain when the body calls its ops.
  const std::string body = spec.function_body(attrs);
  for (const AttrSpec& a : spec.attrs)
    if (body.find("@" + std::string(a.name)) != std::string::npos)
      attributes += (attributes.empty() ? " <" : ", ") + std::string(a.name);
  if (!attributes.empty()) attributes += ">";
  if (!spec.calls.empty()) domains += fmt::format(", \"{}\" : {}", kOnnxDomain, kOnnxDomainVersion);
  return fmt::format("\n<domain: \"{}\", opset_import: [{}]>\n{}{} ({}) => ({})\n{{{}}}\n", kOnnxDomain, domains,
                     spec.name, attributes, inputs, spec.output.name, body);
}

onnx::FunctionProto custom_op_function(const CustomOpSpec& spec, const Attrs& attrs) {
  return parse_custom_op_function(spec, custom_op_function_text(spec, attrs));
}

onnx::FunctionProto parse_custom_op_function(const CustomOpSpec& spec, const std::string& text) {
  onnx::FunctionProto f;
  const onnx::Status status = onnx::OnnxParser::Parse(f, text.c_str());
  // The bodies are the project's own text: a parse failure is a bug.
  DENDRITE_ASSERT(status.IsOK(), "the ONNX function body of {}.{} does not parse: {}", kOnnxDomain, spec.name,
                  status.ErrorMessage());
  f.set_doc_string(spec.function_doc);
  return f;
}

}  // namespace dendrite
