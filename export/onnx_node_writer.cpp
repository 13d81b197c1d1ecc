#include "export/onnx_node_writer.h"

#include <onnx/defs/attr_proto_util.h>

#include "export/onnx_functions.h"
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

onnx::NodeProto& OnnxNodeWriter::add_custom(const CustomOpSpec& spec) {
  DENDRITE_ASSERT(inputs_.size() == spec.inputs.size() && outputs_.size() == 1,
                  "node '{}' ({}) has {} inputs and {} outputs for {}.{}", node_.name, node_.op, inputs_.size(),
                  outputs_.size(), kOnnxDomain, spec.name);
  const Attrs attrs = custom_op_attrs(spec, node_.attrs);
  onnx::NodeProto& n = add(spec.name, inputs_, outputs_);
  n.set_domain(kOnnxDomain);
  for (const AttrSpec& a : spec.attrs) {
    if (!node_.attrs.has(a.name)) continue;  // the default: not written
    if (a.type == AttrType::f32) *n.add_attribute() = onnx::MakeAttribute(a.name, static_cast<float>(attrs.get_float(a.name)));
    else if (a.type == AttrType::i64) *n.add_attribute() = onnx::MakeAttribute(a.name, attrs.get_int(a.name));
    else *n.add_attribute() = onnx::MakeAttribute(a.name, attrs.get_string(a.name));
  }
  functions_[spec.name] = custom_op_function_text(spec, attrs);
  for (const CalledSpec called : spec.calls)  // the functions its body calls (they take no attributes)
    functions_[called().name] = custom_op_function_text(called(), custom_op_attrs(called(), {}));
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

}  // namespace dendrite
