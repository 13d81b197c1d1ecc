// What a model is, before it has weights: its hidden layers and the input they read. A
// description is a plain value; Model (model.h) builds and trains it.
//
//   // One of the paper's variants by name (Chavlis & Poirazi, Nat. Commun. 2025):
//   dendrite::api::VariantSize size;
//   size.dendrites = 16;
//   size.somata = 256;
//   auto grf = dendrite::api::ModelDescription::variant("dann-grf", size);
//
//   // Or layer by layer:
//   dendrite::api::ModelDescription custom;
//   custom.name = "two-stage";
//   custom.layers = {dendrite::api::Layer::dendritic(8, 128, 16, "lrf"), dendrite::api::Layer::dense(64)};
//
// The variants: dann-r, dann-lrf, dann-grf (sparse dendrites, structured somata), pdann (dense
// dendrites), vann, vann-r, vann-lrf, vann-grf (random dendrite-to-soma wiring), sann, sann-lrf,
// sann-grf, psann (dendrites fully connected to their soma), and the dense baseline mlp.
//
// Activations are written "relu", "leaky_relu(0.1)", "elu(1.0)", "gelu", "silu", "sigmoid",
// "tanh", "softplus", "identity". Connectivity: input -> dendrites "random", "random_k", "lrf", "grf", "dense",
// "all_to_all"; dendrites -> somata "block", "random", "dense".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dendrite/common.h"

namespace dendrite::api {

// One hidden layer. type "dense": `units` neurons with `activation`. type "dendritic": S =
// `somata` somata with D = `dendrites` dendrites each, every dendrite fed by k = `synapses`
// inputs through `input_connectivity`, every soma by its dendrites through `soma_connectivity`.
struct DENDRITE_API Layer {
  std::string type = "dense";
  std::int64_t units = 0;
  std::string activation = "relu";
  std::int64_t dendrites = 0, somata = 0, synapses = 0;
  std::string input_connectivity = "random";
  std::string soma_connectivity = "block";
  std::string dendrite_activation = "leaky_relu(0.1)";
  std::string soma_activation = "leaky_relu(0.1)";
  double dropout = 0.0;  // after the layer, while training

  static Layer dense(std::int64_t units, const std::string& activation = "relu");
  static Layer dendritic(std::int64_t dendrites, std::int64_t somata, std::int64_t synapses,
                         const std::string& input_connectivity, const std::string& soma_connectivity = "block");
};

// The sizes a named variant is built with. dendrites (D) per soma, somata (S), synapses (k) per
// dendrite and stacked dendritic layers for the dANN/vANN/sANN variants; hidden sizes for mlp.
struct VariantSize {
  std::int64_t dendrites = 16, somata = 64, synapses = 16, layers = 1;
  std::vector<std::int64_t> hidden = {128};
  // mlp: one activation for every hidden layer, or one per layer; dropout after each hidden layer.
  std::vector<std::string> activations = {"relu"};
  double dropout = 0.0;
  // dendritic variants: the dendrites' and the somata's activations.
  std::string dendrite_activation = "leaky_relu(0.1)";
  std::string soma_activation = "leaky_relu(0.1)";
};

struct DENDRITE_API ModelDescription {
  std::string name = "custom";
  std::vector<std::int64_t> input = {28, 28, 1};  // one sample: height, width, channels
  std::int64_t classes = 10;                      // the output layer (dense, one logit per class)
  std::uint64_t seed = 1;                         // connectivity and initial weights
  std::vector<Layer> layers;                      // hidden layers, input to output
  std::string normalize = "none";                 // input stage: none | feature | global

  // A variant of the paper by name (see variant_names()), for 28x28x1 inputs and 10 classes.
  static ModelDescription variant(const std::string& name, const VariantSize& size = {});
  // The same for samples of `input` ({height, width, channels}) and `classes` classes, its
  // connectivity and initial weights from `seed` (as dendrite train --seed builds it).
  static ModelDescription variant(const std::string& name, const VariantSize& size,
                                  const std::vector<std::int64_t>& input, std::int64_t classes,
                                  std::uint64_t seed = 1);
  // The JSON form dendrite train --model-file reads and checkpoints record.
  static ModelDescription from_json(const std::string& json);
  std::string to_json() const;
  // Throws naming the layer and the field when the description cannot be built.
  void validate() const;
};

// "mlp", "dann-r", "dann-lrf", "dann-grf", "pdann", "vann", ... (13 names).
DENDRITE_API std::vector<std::string> variant_names();

}  // namespace dendrite::api
