// The model options of `dendrite train` (and `bench`): a named variant with its sizes and
// activations, or a JSON model description; turned into a ModelSpec before any data is read.
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "framework/data/dataset.h"
#include "framework/model/model.h"

namespace dendrite::tools {

struct ModelOptions {
  std::string model = "mlp";
  std::string model_file;  // JSON model description (arbitrary stacks)
  std::string hidden = "128";
  std::string activation = "relu";
  std::int64_t dendrites = 16, somata = 64, synapses = 16, layers = 1;
  std::string dendrite_activation = "leaky_relu(0.1)";
  std::string soma_activation = "leaky_relu(0.1)";
  double dropout = 0.0;
};

void add_model_options(CLI::App& cmd, ModelOptions& o);
bool model_options_given(const CLI::App& cmd);
// UsageError naming the option and the model for a model option given on the command line that
// the chosen model does not read (--dendrites with the mlp, --synapses with vann, any of them with
// --model-file). Unknown model names are left to model_spec_from_options.
void check_model_options_apply(const CLI::App& cmd, const ModelOptions& o);
// Throws UsageError for bad values (unknown model, activation, sizes).
ModelSpec model_spec_from_options(const ModelOptions& o, std::uint64_t seed);
// Input geometry and class count from the data set.
ModelSpec adapt_to_data(ModelSpec spec, const Dataset& train);
// model, params, and for dendritic models dendrites, somata, synapses, layers, activations.
nlohmann::json model_summary_json(const Model& model);

}  // namespace dendrite::tools
