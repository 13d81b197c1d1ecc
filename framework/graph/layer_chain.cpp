#include "framework/graph/layer_chain.h"

#include "ops/dendritic_layer.h"

namespace dendrite {

std::vector<LayerChain> find_layer_chains(const Graph& graph, const std::vector<int>& nodes,
                                          const std::vector<ValueId>& wanted, bool masked_forms) {
  const auto& all = graph.nodes();
  // Per value: its reader when it has exactly one among `nodes` and is not wanted, else -1.
  std::vector<int> reads(graph.values().size(), 0), reader(graph.values().size(), -1);
  for (int n : nodes) {
    for (ValueId in : all[static_cast<std::size_t>(n)].inputs) {
      ++reads[static_cast<std::size_t>(in)];
      reader[static_cast<std::size_t>(in)] = n;
    }
  }
  for (ValueId w : wanted) reads[static_cast<std::size_t>(w)] += 2;
  auto is = [masked_forms](const Node& node, const std::string& op) {
    return node.op == op || (masked_forms && node.op == "masked_" + op);
  };
  // The node of op `op` that alone reads v, as its input 0; -1 when there is none.
  auto next = [&](ValueId v, const char* op) {
    const auto i = static_cast<std::size_t>(v);
    const int r = reads[i] == 1 ? reader[i] : -1;
    if (r < 0) return -1;
    const Node& node = all[static_cast<std::size_t>(r)];
    return is(node, op) && node.inputs[0] == v ? r : -1;
  };
  std::vector<LayerChain> chains;
  for (int d : nodes) {
    const Node& dendrites = all[static_cast<std::size_t>(d)];
    if (!is(dendrites, "dendritic")) continue;
    LayerChain c;
    c.dendritic = d;
    c.dendrite_activation = next(dendrites.outputs[0], "activation");
    if (c.dendrite_activation < 0) continue;
    c.somatic = next(all[static_cast<std::size_t>(c.dendrite_activation)].outputs[0], "somatic");
    if (c.somatic < 0) continue;
    c.soma_activation = next(all[static_cast<std::size_t>(c.somatic)].outputs[0], "activation");
    if (c.soma_activation < 0) continue;
    c.attrs = dendritic_layer_attrs(activation_from_attrs(all[static_cast<std::size_t>(c.dendrite_activation)].attrs),
                                    activation_from_attrs(all[static_cast<std::size_t>(c.soma_activation)].attrs));
    if (!dendritic_layer_fusable(c.attrs)) continue;
    const Node& somata = all[static_cast<std::size_t>(c.somatic)];
    c.inputs = dendrites.inputs;
    c.inputs.push_back(somata.inputs[1]);
    c.inputs.push_back(somata.inputs[2]);
    c.output = all[static_cast<std::size_t>(c.soma_activation)].outputs[0];
    chains.push_back(std::move(c));
  }
  return chains;
}

}  // namespace dendrite
