#include "export/onnx_layer_node.h"

#include "export/specs/dendritic_layer_spec.h"
#include "ops/activation_kind.h"
#include "ops/dendritic_layer.h"

namespace dendrite {

namespace {
// The slope of a rectifier below zero (the chain holds rectifiers only).
double slope_below_zero(const Activation& a) { return rectifier_slope(activation_row(a.kind).rectifier, a.alpha); }

std::string layer_name(const std::string& dendrites, const std::string& somata) {
  const std::size_t a = dendrites.rfind('.'), b = somata.rfind('.');
  if (a != std::string::npos && a == b && dendrites.compare(0, a, somata, 0, b) == 0) return dendrites.substr(0, a);
  return dendrites;
}
}  // namespace

Node dendritic_layer_node(const Graph& graph, const LayerChain& chain) {
  const auto& nodes = graph.nodes();
  const Node& dendrites = nodes[static_cast<std::size_t>(chain.dendritic)];
  const Activation f_dendrite = dendrite_activation_of(chain.attrs), f_soma = soma_activation_of(chain.attrs);
  Node n;
  n.name = layer_name(dendrites.name, nodes[static_cast<std::size_t>(chain.somatic)].name);
  n.op = kDendriticLayerKernel;
  n.inputs = chain.inputs;
  n.outputs = {chain.output};
  n.attrs.set("dendrite_activation", activation_name(f_dendrite.kind));
  n.attrs.set("dendrite_alpha", slope_below_zero(f_dendrite));
  n.attrs.set("soma_activation", activation_name(f_soma.kind));
  n.attrs.set("soma_alpha", slope_below_zero(f_soma));
  return n;
}

void emit_dendritic_layer(OnnxNodeWriter& w) { w.add_custom(dendritic_layer_spec()); }

}  // namespace dendrite
