#include "export/onnx_op_mapping.h"

#include <onnx/defs/attr_proto_util.h>

#include "export/onnx_schemas.h"
#include "framework/core/error.h"

namespace dendrite {

OnnxNodeWriter::OnnxNodeWriter(const Node& node, onnx::GraphProto& graph, std::vector<std::string> inputs,
                               std::vector<std::string> outputs)
    : node_(node), graph_(graph), inputs_(std::move(inputs)), outputs_(std::move(outputs)) {}

const std::string& OnnxNodeWriter::input(std::size_t i) const {
  DENDRITE_ASSERT(i < inputs_.size(), "node '{}' has {} inputs, asked for input {}", node_.name, inputs_.size(), i);
  return inputs_[i];
}

const std::string& OnnxNodeWriter::output(std::size_t i) const {
  DENDRITE_ASSERT(i < outputs_.size(), "node '{}' has {} outputs, asked for output {}", node_.name, outputs_.size(), i);
  return outputs_[i];
}

onnx::NodeProto& OnnxNodeWriter::add(const std::string& op_type, const std::vector<std::string>& inputs,
                                     const std::vector<std::string>& outputs, const std::string& suffix) {
  onnx::NodeProto* n = graph_.add_node();
  n->set_name(suffix.empty() ? node_.name : temp(suffix));
  n->set_op_type(op_type);
  for (const std::string& in : inputs) n->add_input(in);
  for (const std::string& out : outputs) n->add_output(out);
  return *n;
}

onnx::NodeProto& OnnxNodeWriter::add_custom(const std::string& op_type, const std::vector<std::string>& inputs,
                                            const std::vector<std::string>& outputs) {
  onnx::NodeProto& n = add(op_type, inputs, outputs);
  n.set_domain(kOnnxDomain);
  custom_ops_.insert(op_type);
  return n;
}

std::string OnnxNodeWriter::temp(const std::string& suffix) const { return node_.name + "/" + suffix; }

std::string OnnxNodeWriter::scalar(const std::string& suffix, float value) {
  onnx::TensorProto t;
  t.set_data_type(onnx::TensorProto::FLOAT);
  t.add_float_data(value);  // no dims: a scalar
  const std::string name = temp(suffix);
  *add("Constant", {}, {name}, suffix).add_attribute() = onnx::MakeAttribute("value", t);
  return name;
}

void OnnxNodeWriter::alias_output(std::size_t i, const std::string& name) {
  output(i);  // bounds check
  outputs_[i] = name;
}

namespace {

// dense(x [N, in], w [out, in], b [out]) -> Gemm(x, w, b, transB = 1) = x w^T + b
void emit_dense(OnnxNodeWriter& w) {
  onnx::NodeProto& n = w.add("Gemm", {w.input(0), w.input(1), w.input(2)}, {w.output(0)});
  *n.add_attribute() = onnx::MakeAttribute("transB", static_cast<std::int64_t>(1));
}

// Dropout is the identity at inference: the output is the input, no node.
void emit_dropout(OnnxNodeWriter& w) { w.alias_output(0, w.input(0)); }

// normalize(x, mean, std) -> Div(Sub(x, mean), std): the same two float operations per element,
// with the statistics as initializers (broadcast over the batch, and over the features for [1]).
void emit_normalize(OnnxNodeWriter& w) {
  const std::string centered = w.temp("centered");
  w.add("Sub", {w.input(0), w.input(1)}, {centered}, "centered");
  w.add("Div", {centered, w.input(2)}, {w.output(0)});
}

// dendritic(x, w, b, row_ptr, col) -> ai.dendrite Dendritic(X, W, B, indptr, indices), the CSR
// index tensors kept int32 as in the graph (the schema allows int32 and int64).
void emit_dendritic(OnnxNodeWriter& w) {
  w.add_custom(kDendriticOp, {w.input(0), w.input(1), w.input(2), w.input(3), w.input(4)}, {w.output(0)});
}

// somatic(x, w, b) -> ai.dendrite Somatic(X, W, B).
void emit_somatic(OnnxNodeWriter& w) { w.add_custom(kSomaticOp, {w.input(0), w.input(1), w.input(2)}, {w.output(0)}); }

// softmax_cross_entropy is training-only: the exporter stops at the logits (it only writes the
// nodes the logits depend on), so this op has no row. Neither do ops without an ONNX form.
constexpr OnnxOpMapping kMappings[] = {
    {"activation", emit_activation},
    {"dendritic", emit_dendritic},
    {"dense", emit_dense},
    {"dropout", emit_dropout},
    {"normalize", emit_normalize},
    {"somatic", emit_somatic},
};

}  // namespace

const OnnxOpMapping* find_onnx_mapping(const std::string& op) {
  for (const OnnxOpMapping& m : kMappings)
    if (op == m.op) return &m;
  return nullptr;
}

std::string onnx_mapped_op_list() {
  std::string s;
  for (const OnnxOpMapping& m : kMappings) s += (s.empty() ? "" : ", ") + std::string(m.op);
  return s;
}

}  // namespace dendrite
