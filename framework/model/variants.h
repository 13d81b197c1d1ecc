// The model variants of the paper (dann-spec.md, section 3.5) as ModelSpecs, plus the dense MLP.
//
//   VariantOptions o; o.dendrites = 16; o.somata = 256;
//   ModelSpec spec = variant_spec("dann-grf", o);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "framework/model/model_spec.h"

namespace dendrite {

struct VariantOptions {
  std::vector<std::int64_t> input = {28, 28, 1};
  std::int64_t classes = 10;
  std::uint64_t seed = 1;
  // dendritic variants
  std::int64_t dendrites = 16, somata = 64, synapses = 16, layers = 1;
  ActivationSpec dendrite_activation{"leaky_relu", 0.1};
  ActivationSpec soma_activation{"leaky_relu", 0.1};
  // mlp: one entry per hidden layer; activations: one for all layers or one per layer
  std::vector<std::int64_t> hidden = {128};
  std::vector<ActivationSpec> activations = {ActivationSpec{"relu", -1}};
  double dropout = 0.0;
};

// Names: mlp, dann-r, dann-lrf, dann-grf, pdann, vann, vann-r, vann-lrf, vann-grf, sann, sann-lrf,
// sann-grf, psann. Throws Error listing them for an unknown name.
ModelSpec variant_spec(const std::string& name, const VariantOptions& options);
const std::vector<std::string>& variant_names();

// Whether variant `name` reads the VariantOptions field `setting` ("hidden", "activations",
// "dendrites", "somata", "synapses", "layers", "dendrite_activation", "soma_activation",
// "dropout"): the mlp reads hidden, activations and dropout; the dendritic variants the rest, but
// only those with sampled input connectivity read synapses (vann, pdann and psann connect every
// input). False for unknown names.
bool variant_uses(const std::string& name, const std::string& setting);

}  // namespace dendrite
