// The model options of `dendrite train` (and `bench`): a named variant with its sizes and
// activations, or a JSON model description; turned into a ModelSpec before any data is read.
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "framework/core/tensor.h"
#include "framework/model/model_spec.h"

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
// Before any data is read: UsageError when a layer of `spec` cannot be built on samples of
// sample_shape {H, W, C} (e.g. --synapses 785 on 784 inputs), naming the option at fault; Error
// naming the --model-file when the spec comes from one.
void check_model_fits_input(ModelSpec spec, const Shape& sample_shape, const ModelOptions& options);

}  // namespace dendrite::tools
