#include "export/onnx_export.h"

#include <map>

#include <onnx/defs/attr_proto_util.h>

#include "export/onnx_functions.h"
#include "export/onnx_layer_node.h"
#include "export/onnx_op_mapping.h"
#include "export/onnx_schemas.h"
#include "export/onnx_tensor.h"
#include "framework/core/error.h"
#include "framework/core/version.h"

namespace dendrite {

namespace {

constexpr const char* kLogitsName = "logits";
constexpr const char* kProbabilitiesName = "probabilities";

// Nodes the logits depend on (the loss and anything else downstream is left out).
std::vector<bool> nodes_needed_for(const Graph& g, ValueId target) {
  std::vector<bool> needed_value(g.values().size(), false), needed_node(g.nodes().size(), false);
  needed_value[static_cast<std::size_t>(target)] = true;
  for (std::size_t i = g.nodes().size(); i-- > 0;) {
    const Node& n = g.nodes()[i];
    bool feeds = false;
    for (ValueId out : n.outputs) feeds = feeds || needed_value[static_cast<std::size_t>(out)];
    if (!feeds) continue;
    needed_node[i] = true;
    for (ValueId in : n.inputs) needed_value[static_cast<std::size_t>(in)] = true;
  }
  return needed_node;
}

class Exporter {
 public:
  Exporter(const Model& m, onnx::GraphProto& g, const ExportOptions& options)
      : m_(m), g_(g), options_(options), names_(m.graph.values().size()) {}

  void run() {
    for (const char* reserved : {kLogitsName, kProbabilitiesName}) {
      const ValueId id = m_.graph.find(reserved);
      DENDRITE_CHECK(id == kNoValue || id == m_.logits, "export: the graph has a value named '{}', a name "
                     "reserved for the exported outputs", reserved);
    }
    write_initializers();
    write_input();
    const std::vector<bool> needed = nodes_needed_for(m_.graph, m_.logits);
    std::vector<int> nodes;
    for (std::size_t i = 0; i < needed.size(); ++i)
      if (needed[i]) nodes.push_back(static_cast<int>(i));
    // Each dANN layer becomes one node, written where its dendritic node is; its other nodes go.
    std::map<int, LayerChain> layers;
    std::vector<bool> in_layer(needed.size(), false);
    if (options_.fuse_layers) {
      for (LayerChain& c : find_layer_chains(m_.graph, nodes, {m_.logits}, /*masked_forms=*/true)) {
        for (const int n : {c.dendrite_activation, c.somatic, c.soma_activation}) in_layer[static_cast<std::size_t>(n)] = true;
        layers.emplace(c.dendritic, std::move(c));
      }
    }
    for (const int n : nodes) {
      const auto layer = layers.find(n);
      if (layer != layers.end()) write(dendritic_layer_node(m_.graph, layer->second), emit_dendritic_layer);
      else if (!in_layer[static_cast<std::size_t>(n)]) write_node(m_.graph.nodes()[static_cast<std::size_t>(n)]);
    }
    DENDRITE_ASSERT(names_[static_cast<std::size_t>(m_.logits)] == kLogitsName, "the logits were not exported");
    write_outputs();
  }

  // The function body of each custom op type the nodes use, and a node that uses it.
  struct FunctionUse {
    std::string text, node;
  };
  const std::map<std::string, FunctionUse>& functions() const { return functions_; }

 private:
  void write_initializers() {
    for (ValueId id = 0; id < static_cast<ValueId>(m_.graph.values().size()); ++id) {
      const Value& v = m_.graph.value(id);
      if (v.kind != ValueKind::parameter && v.kind != ValueKind::constant) continue;
      *g_.add_initializer() = to_tensor_proto(v.name, v.data);
      names_[static_cast<std::size_t>(id)] = v.name;
    }
  }

  void write_input() {
    const Value& x = m_.graph.value(m_.x);
    *g_.add_input() = value_info(x.name, x.type);
    names_[static_cast<std::size_t>(m_.x)] = x.name;
  }

  void write_node(const Node& node) {
    const OnnxOpMapping* mapping = find_onnx_mapping(node.op);
    DENDRITE_CHECK(mapping != nullptr, "export: node '{}' (op '{}') has no ONNX form (exportable ops: {})",
                   node.name, node.op, onnx_mapped_op_list());
    write(node, mapping->emit);
  }

  // Writes `node` (a graph node, or a fused layer's) with `emit`.
  void write(const Node& node, void (*emit)(OnnxNodeWriter&)) {
    std::vector<std::string> inputs, outputs;
    for (ValueId in : node.inputs) {
      const std::string& name = names_[static_cast<std::size_t>(in)];
      DENDRITE_CHECK(!name.empty(), "export: node '{}' (op '{}') reads '{}', which is not available at "
                     "inference (a graph input other than x?)", node.name, node.op, m_.graph.value(in).name);
      inputs.push_back(name);
    }
    for (ValueId out : node.outputs) outputs.push_back(out == m_.logits ? kLogitsName : m_.graph.value(out).name);
    const std::vector<std::string> planned = outputs;

    OnnxNodeWriter w(node, g_, inputs, outputs);
    try {
      emit(w);
    } catch (const InternalError&) {
      throw;
    } catch (const Error& e) {
      throw Error(fmt::format("export: node '{}' (op '{}'): {}", node.name, node.op, e.what()));
    }
    for (const auto& [op_type, text] : w.functions()) {
      const auto [it, added] = functions_.emplace(op_type, FunctionUse{text, node.name});
      // One model-local function per op type (IR 8 has no overloads): nodes whose attributes
      // give different bodies cannot share a file.
      DENDRITE_CHECK(added || it->second.text == text, "export: nodes '{}' and '{}' are both {}.{} but their "
                     "attributes need different function bodies; a model holds one function per op type",
                     it->second.node, node.name, kOnnxDomain, op_type);
    }
    for (std::size_t i = 0; i < node.outputs.size(); ++i) {
      const ValueId out = node.outputs[i];
      names_[static_cast<std::size_t>(out)] = w.output(i);
      const bool aliased = w.output(i) != planned[i];
      DENDRITE_CHECK(!(aliased && out == m_.logits), "export: node '{}' (op '{}') vanishes at inference and "
                     "cannot produce the logits", node.name, node.op);
      // Types of intermediates, so that checkers can compare them with their own inference.
      if (!aliased && out != m_.logits) *g_.add_value_info() = value_info(w.output(i), m_.graph.value(out).type);
    }
  }

  void write_outputs() {
    onnx::NodeProto* softmax = g_.add_node();
    softmax->set_name(kProbabilitiesName);
    softmax->set_op_type("Softmax");
    softmax->add_input(kLogitsName);
    softmax->add_output(kProbabilitiesName);
    *softmax->add_attribute() = onnx::MakeAttribute("axis", static_cast<std::int64_t>(1));
    const TensorType& logits = m_.graph.value(m_.logits).type;
    *g_.add_output() = value_info(kLogitsName, logits);
    *g_.add_output() = value_info(kProbabilitiesName, logits);
  }

  const Model& m_;
  onnx::GraphProto& g_;
  ExportOptions options_;
  std::vector<std::string> names_;  // ONNX name of each graph value; empty: not exported
  std::map<std::string, FunctionUse> functions_;  // by op type: the order of the model's functions
};

}  // namespace

onnx::ModelProto export_model(const Model& model, const ExportInfo& info, const ExportOptions& options) {
  DENDRITE_CHECK(model.x != kNoValue && model.logits != kNoValue, "export: model '{}' has no input or no logits",
                 model.spec.name);
  onnx::ModelProto proto;
  proto.set_ir_version(kOnnxIrVersion);
  proto.set_producer_name("dendrite");
  proto.set_producer_version(framework_version());
  proto.set_domain(kOnnxDomain);
  proto.set_model_version(1);
  proto.set_doc_string(fmt::format("dendrite model '{}' ({} trainable parameters)", model.spec.name,
                                   model.parameter_count()));
  auto* std_opset = proto.add_opset_import();
  std_opset->set_domain("");
  std_opset->set_version(kOnnxOpset);
  auto* our_opset = proto.add_opset_import();
  our_opset->set_domain(kOnnxDomain);
  our_opset->set_version(kOnnxDomainVersion);

  onnx::GraphProto* g = proto.mutable_graph();
  g->set_name(model.spec.name);
  Exporter exporter(model, *g, options);
  exporter.run();
  for (const auto& [op_type, use] : exporter.functions())
    *proto.add_functions() = parse_custom_op_function(*find_custom_op_spec(op_type), use.text);
  for (const auto& [key, value] : export_metadata(model, info)) {
    auto* p = proto.add_metadata_props();
    p->set_key(key);
    p->set_value(value);
  }
  return proto;
}

}  // namespace dendrite
