// The ONNX form of a dANN layer (framework/graph/layer_chain.h): the node the exporter writes in
// place of its four graph nodes, ai.dendrite::DendriticLayer (export/specs/dendritic_layer_spec.h).
//
//   Node n = dendritic_layer_node(graph, chain);   // name, 7 inputs, 1 output, ONNX attributes
//   exporter.write(n, emit_dendritic_layer);
#pragma once

#include "export/onnx_node_writer.h"
#include "framework/graph/graph.h"
#include "framework/graph/layer_chain.h"

namespace dendrite {

// The layer as one node: named after the layer (the part its dendritic and somatic nodes' names
// share, "layer0" for "layer0.dendrites" and "layer0.somata"; else the dendritic node's name),
// the chain's inputs and output, and the spec's attributes: each activation's name and its slope
// below zero (leaky_relu's alpha, 0 for relu, 1 for identity).
Node dendritic_layer_node(const Graph& graph, const LayerChain& chain);

// Writes such a node: the DendriticLayer node and its function (with those of Dendritic and
// Somatic, which its body calls).
void emit_dendritic_layer(OnnxNodeWriter& w);

}  // namespace dendrite
