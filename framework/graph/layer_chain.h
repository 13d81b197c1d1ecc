// dANN layers in a graph: the chains dendritic -> activation -> somatic -> activation that the
// fused dendritic-layer kernel (ops/dendritic_layer.h) computes as one. The executor runs them
// with that kernel (layer fusion) and the exporter writes each as one ai.dendrite::DendriticLayer
// node; both find them here, so they agree on what a fusable layer is.
//
//   for (const LayerChain& c : find_layer_chains(graph, nodes_in_use, wanted)) ...
//
// A chain qualifies when each of its three intermediate values is read by the next node of the
// chain only (as its input 0) and is not wanted (requested, or the logits), the somatic node is
// the block layer (random and dense somata are other ops), and both activations are rectifiers
// (dendritic_layer_fusable: relu, leaky_relu with alpha >= 0, identity).
#pragma once

#include <vector>

#include "framework/core/attrs.h"
#include "framework/graph/graph.h"

namespace dendrite {

struct LayerChain {
  int dendritic = -1, dendrite_activation = -1, somatic = -1, soma_activation = -1;  // node indices
  Attrs attrs;  // dendritic_layer_attrs of the two activations
  // The fused kernel's inputs: the dendritic node's five, then the somatic node's weight and bias.
  std::vector<ValueId> inputs;
  ValueId output = kNoValue;  // the soma activation's output
};

// The chains among `nodes` (node indices; reads are counted over these nodes only), in the order
// of their dendritic nodes in `nodes`. With masked_forms, masked_dendritic and masked_somatic
// nodes count as dendritic and somatic (the exporter writes them the same; the executor does not
// fuse them, the masked path being the reference computation).
std::vector<LayerChain> find_layer_chains(const Graph& graph, const std::vector<int>& nodes,
                                          const std::vector<ValueId>& wanted, bool masked_forms = false);

}  // namespace dendrite
