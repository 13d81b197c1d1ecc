// ModelSpec: what a model is, independent of its weights. It is written into checkpoints and
// ONNX metadata, read from JSON model descriptions, and turned into a Graph by build_model().
//
//   {"name": "mlp", "input": [28, 28, 1], "classes": 10, "seed": 1,
//    "layers": [{"type": "dense", "units": 128, "activation": "relu"}]}
//
//   {"name": "dann-grf", "input": [28, 28, 1], "classes": 10, "seed": 1,
//    "layers": [{"type": "dendritic", "dendrites": 16, "somata": 256, "synapses": 16,
//                "input_connectivity": "grf", "soma_connectivity": "block",
//                "dendrite_activation": "leaky_relu(0.1)", "soma_activation": "leaky_relu(0.1)"}]}
//
// A dense layer is one fully connected layer with an activation. A dendritic layer is the pair of
// the spec (docs: dann-spec.md): D*S dendrites fed through a sparse input mask, then S somata fed
// through the dendrite->soma mask. The output layer (dense, `classes` logits) is implicit.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace dendrite {

// An activation with its parameter, written "relu", "leaky_relu(0.1)", "elu(1.0)".
struct ActivationSpec {
  std::string kind = "relu";
  double alpha = -1.0;  // < 0: the kind's default
  std::string str() const;
  static ActivationSpec parse(const std::string& text);  // throws Error naming the text
  bool operator==(const ActivationSpec& o) const { return kind == o.kind && alpha == o.alpha; }
};

struct LayerSpec {
  std::string type = "dense";  // dense | dendritic
  // dense
  std::int64_t units = 0;
  ActivationSpec activation;
  // dendritic
  std::int64_t dendrites = 0;  // D, per soma
  std::int64_t somata = 0;     // S
  std::int64_t synapses = 0;   // k, per dendrite (R: on average)
  std::string input_connectivity = "random";  // random | random_k | lrf | grf | dense | all_to_all
  std::string soma_connectivity = "block";    // block | random | dense
  ActivationSpec dendrite_activation;
  ActivationSpec soma_activation;
  double dropout = 0.0;  // after the layer's (soma) activation, training only
  // True for a dendritic layer whose input connectivity is full (dense, all_to_all): no input mask.
  bool dense_input() const { return input_connectivity == "dense" || input_connectivity == "all_to_all"; }
};

// Size limits validate() enforces, so that no size computation overflows and a description
// cannot ask for an absurd amount of memory: every count (input features, classes, units, D, S,
// k) is at most kMaxModelDim, and min_parameter_count() at most kMaxModelParameters.
inline constexpr std::int64_t kMaxModelDim = (std::int64_t{1} << 31) - 1;
inline constexpr std::int64_t kMaxModelParameters = std::int64_t{1} << 31;
// Readers of model files (checkpoints, ONNX) rebuild a model of up to this many parameters and
// then report exactly which weight is missing or wrong; a bigger one is only built when the file
// holds at least min_parameter_count() weights, so a small file cannot make them allocate gigabytes.
inline constexpr std::int64_t kMaxModelParametersBuiltUnchecked = std::int64_t{1} << 20;

struct ModelSpec {
  std::string name = "mlp";
  std::vector<std::int64_t> input = {28, 28, 1};  // H, W, C
  std::int64_t classes = 10;
  std::uint64_t seed = 1;
  std::vector<LayerSpec> layers;

  std::int64_t input_size() const;
  void validate() const;  // throws Error naming the layer and the field
  // A lower bound on the parameters build_model creates (saturating at INT64_MAX; the sizes must
  // be positive). Readers compare it with the weights a file holds before building anything.
  std::int64_t min_parameter_count() const;
};

nlohmann::json to_json(const ModelSpec& spec);
ModelSpec model_spec_from_json(const nlohmann::json& j);  // throws Error naming the field
ModelSpec load_model_spec(const std::string& path);       // JSON file

}  // namespace dendrite
