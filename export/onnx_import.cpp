#include "export/onnx_import.h"

#include <algorithm>
#include <map>

#include "export/onnx_export.h"
#include "export/onnx_metadata.h"
#include "export/onnx_schemas.h"
#include "export/onnx_tensor.h"
#include "export/onnx_validate.h"
#include "export/specs/custom_op_list.h"
#include "framework/core/error.h"
#include "framework/model/connectivity.h"
#include "framework/model/model_rewrite.h"

namespace dendrite {

namespace {

ModelSpec spec_from_metadata(const onnx::ModelProto& proto, const std::string& source) {
  const std::optional<std::string> text = find_metadata(proto, kModelSpecKey);
  DENDRITE_CHECK(text.has_value(), "'{}' has no '{}' metadata: it was not exported by dendrite", source,
                 kModelSpecKey);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(*text);
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("'{}': metadata '{}' is not valid JSON: {}", source, kModelSpecKey, e.what()));
  }
  try {
    return model_spec_from_json(j);
  } catch (const Error& e) {
    throw Error(fmt::format("'{}': metadata '{}': {}", source, kModelSpecKey, e.what()));
  }
}

// An attribute of an ai.dendrite node against its declaration: ONNX FLOAT, INT or STRING.
bool attribute_has_type(const onnx::AttributeProto& a, AttrType type) {
  switch (type) {
    case AttrType::f32: return a.type() == onnx::AttributeProto::FLOAT;
    case AttrType::i64: return a.type() == onnx::AttributeProto::INT;
    case AttrType::string: return a.type() == onnx::AttributeProto::STRING;
  }
  return false;
}

// The ai.dendrite nodes: a known op type and what check_custom_node checks, and the domain
// imported at the version this code knows.
void check_custom_nodes(const onnx::ModelProto& proto, const std::string& source) {
  for (const auto& opset : proto.opset_import())
    DENDRITE_CHECK(opset.domain() != kOnnxDomain || opset.version() == kOnnxDomainVersion,
                   "'{}' imports domain {} version {}; this dendrite reads version {}", source, kOnnxDomain,
                   opset.version(), kOnnxDomainVersion);
  for (const auto& node : proto.graph().node()) {
    if (node.domain() != kOnnxDomain) continue;
    const CustomOpSpec* spec = find_custom_op_spec(node.op_type());
    DENDRITE_CHECK(spec != nullptr, "'{}': node '{}' has the unknown op type {}.{} (known: {})", source, node.name(),
                   kOnnxDomain, node.op_type(), custom_op_names());
    check_custom_node(*spec, node, source);
  }
}

// The graph's input (the samples) must be float[N, F] with F the model's input size, when F is
// declared: a file whose graph disagrees with its metadata is not what was exported.
void check_graph_input(const onnx::ModelProto& proto, const ModelSpec& spec, const std::string& source) {
  DENDRITE_CHECK(proto.graph().input_size() >= 1, "'{}' has no graph input", source);
  const onnx::ValueInfoProto& x = proto.graph().input(0);
  const onnx::TypeProto& type = x.type();
  const bool is_matrix = type.has_tensor_type() && type.tensor_type().elem_type() == onnx::TensorProto::FLOAT &&
                         type.tensor_type().has_shape() && type.tensor_type().shape().dim_size() == 2;
  const bool width_ok = is_matrix && (!type.tensor_type().shape().dim(1).has_dim_value() ||
                                      type.tensor_type().shape().dim(1).dim_value() == spec.input_size());
  DENDRITE_CHECK(width_ok, "'{}': graph input '{}' is {}; model '{}' (from the metadata) expects float[N, {}]", source,
                 x.name(), onnx_type_str(type), spec.name, spec.input_size());
}

std::map<std::string, const onnx::TensorProto*> initializers_by_name(const onnx::ModelProto& proto,
                                                                     const std::string& source) {
  std::map<std::string, const onnx::TensorProto*> by_name;
  for (const auto& t : proto.graph().initializer())
    DENDRITE_CHECK(by_name.emplace(t.name(), &t).second, "'{}': two initializers are named '{}'", source, t.name());
  return by_name;
}

// A dendritic node's CSR indices (row_ptr, col) against its input width.
void check_connectivity(const Model& m, const Node& node, const std::string& source) {
  const Value& row_ptr = m.graph.value(node.inputs[kRowPtrInput]);
  const Value& col = m.graph.value(node.inputs[kColInput]);
  check_csr_indices(row_ptr.data, col.data, m.graph.value(node.inputs[0]).type.shape.at(1),
                    fmt::format("'{}': initializers '{}' and '{}' of node '{}'", source, row_ptr.name, col.name,
                                node.name));
}

}  // namespace

void check_custom_node(const CustomOpSpec& spec, const onnx::NodeProto& node, const std::string& source) {
  const auto inputs = static_cast<int>(spec.inputs.size());
  DENDRITE_CHECK(node.input_size() == inputs && node.output_size() == 1,
                 "'{}': node '{}' ({}) has {} inputs and {} outputs, expected {} and 1", source, node.name(),
                 node.op_type(), node.input_size(), node.output_size(), inputs);
  for (const auto& attribute : node.attribute()) {
    const AttrSpec* a = spec.find_attr(attribute.name());
    DENDRITE_CHECK(a != nullptr || !spec.attrs.empty(), "'{}': node '{}' ({}) has an attribute '{}'; the op takes none",
                   source, node.name(), node.op_type(), attribute.name());
    DENDRITE_CHECK(a != nullptr, "'{}': node '{}' ({}) has an attribute '{}'; the op takes {}", source, node.name(),
                   node.op_type(), attribute.name(), spec.attr_names());
    DENDRITE_CHECK(attribute_has_type(attribute, a->type), "'{}': node '{}' ({}): attribute '{}' must be a {}", source,
                   node.name(), node.op_type(), attribute.name(), attr_type_name(a->type));
  }
}

Model model_from_onnx(const onnx::ModelProto& proto, const std::string& source) {
  const ModelSpec spec = spec_from_metadata(proto, source);
  check_custom_nodes(proto, source);
  check_graph_input(proto, spec, source);
  // A big model that promises more weights than the file holds is refused before it is built
  // (and allocated); see kMaxModelParametersBuiltUnchecked.
  std::int64_t stored = 0;
  for (const auto& t : proto.graph().initializer()) {
    if (t.data_type() != onnx::TensorProto::FLOAT) continue;
    stored += t.has_raw_data() ? static_cast<std::int64_t>(t.raw_data().size() / sizeof(float)) : t.float_data_size();
  }
  DENDRITE_CHECK(spec.min_parameter_count() <= std::max(stored, kMaxModelParametersBuiltUnchecked),
                 "'{}': metadata '{}' describes a model of at least {} parameters, but the file's float "
                 "initializers hold only {} values",
                 source, kModelSpecKey, spec.min_parameter_count(), stored);
  Model m;
  try {
    m = build_model(spec);
  } catch (const Error& e) {
    throw Error(fmt::format("'{}': cannot rebuild the model from its metadata: {}", source, e.what()));
  }
  const auto initializers = initializers_by_name(proto, source);
  copy_tensors_by_name(m, {fmt::format("'{}'", source), "initializer"},
                       [&](const std::string& name) -> std::optional<Tensor> {
                         const auto it = initializers.find(name);
                         if (it == initializers.end()) return std::nullopt;
                         const std::string where = fmt::format("'{}': initializer '{}'", source, name);
                         Tensor t = from_tensor_proto(*it->second, where);
                         check_finite_values(t, where);
                         return t;
                       });
  for (const Node& node : m.graph.nodes())
    if (node.op == "dendritic") check_connectivity(m, node, source);
  return m;
}

Model import_onnx(const std::string& path) { return model_from_onnx(read_onnx(path), path); }

}  // namespace dendrite
