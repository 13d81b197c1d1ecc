// Whether each layer of a model can be built on the model's input, decided from the spec alone
// (no connectivity drawn, nothing allocated), so that a tool can refuse impossible sizes before it
// reads any data: the input geometry comes from a data set's definition or from file headers.
//
//   ModelSpec spec = variant_spec("dann-grf", options);
//   spec.input = {28, 28, 1};
//   if (auto p = find_input_fit_problem(spec)) error(p->field, p->message);   // "synapses", ...
//
// The rules are those build_model applies when it draws the masks: a sparse dendrite takes its k
// synapses from the layer's inputs (R: k <= inputs) or from the pixels of its input grid (LRF,
// GRF: k <= H * W, each pixel with all its channels); a GRF soma places its D dendrites on
// distinct pixels (D <= H * W); receptive fields need a 2-D grid (H, W > 1). Layer i >= 1 sees the
// S somata of layer i - 1 on the grid grid_for_somata(S).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "framework/model/model_spec.h"

namespace dendrite {

struct InputFitProblem {
  std::size_t layer = 0;
  std::string field;    // the LayerSpec field at fault: "synapses", "dendrites" or "input_connectivity"
  std::string message;  // "layer 0: 785 synapses per dendrite, but its input has 784 values (28x28x1)"
};

// The first layer that cannot be built on spec.input (which must be 3 positive sizes), or none.
std::optional<InputFitProblem> find_input_fit_problem(const ModelSpec& spec);

}  // namespace dendrite
