// The model options of `dendrite train` (and `bench`): a named variant with its sizes and
// activations, or a JSON model description; turned into a ModelSpec before any data is read.
//
//   ModelOptions m;
//   add_model_options(cmd, m);                  // --model, --dendrites, --somata, ..., --model-file
//   ...parse...
//   check_model_options_apply(cmd, m);          // --dendrites on an mlp: usage error naming both
//   ModelSpec spec = model_spec_from_options(m, seed);
//   check_model_fits_input(spec, {28, 28, 1}, m);  // --synapses 785 on 784 pixels: usage error
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "framework/train/run_config.h"

#include "framework/core/tensor.h"
#include "framework/model/model_spec.h"

namespace dendrite::tools {

// ModelOptions: framework/train/run_config.h.

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
