// A sweep configuration is a set of `dendrite train` options: a JSON object of option name
// (without the leading dashes, '_' for '-') -> value, e.g. {"model": "dann-r", "dendrites": 16,
// "input_noise": 0.5, "seed": 2}; "input-noise" is read as well. It is read
// through the very option definitions of `dendrite train` (add_train_options), so a sweep takes
// every train option with the same checks, and then put in canonical form:
//   - every option that shapes the run is present with its value, defaults included (the epochs
//     resolved for the data set), so that "batch": 128 and leaving it out are the same run;
//   - options the run does not use are left out (the mlp's sizes for a dANN, a vANN's synapses,
//     SGD's momentum under Adam), so that they do not make different runs of the same training;
//   - numbers and activations are normalised ("1e-3" and 0.001, "leaky_relu(0.10)").
// The canonical configuration is what the store keeps and what the run key hashes.
//
// Options that have no meaning in a sweep are refused with the reason: the data (given to the
// sweep itself), the outputs (--out, --checkpoint, --log, --summary, --export; results go to the
// store), --resume and --overwrite (a rerun of the sweep continues it), files that hold the model
// (--model-file, --init: the run key would not cover their contents), --threads (the sweep's
// --threads-per-run) and the printing options.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "framework/model/model_spec.h"
#include "framework/sweep/grid_file.h"
#include "framework/sweep/run_record.h"
#include "tools/train_options.h"

namespace dendrite::tools {

struct SweepConfiguration {
  TrainOptions options;   // as `dendrite train` would have parsed them
  ModelSpec spec;         // the model (default input geometry until adapted to the data)
  nlohmann::json config;  // canonical
};

// The configuration key of a train option: "input-noise" -> "input_noise".
std::string config_key(std::string option);

// Parses and checks one configuration (no data needed). Throws UsageError naming the option
// ("--dendrites: ..."; the caller adds which configuration).
SweepConfiguration read_configuration(const nlohmann::json& config, const std::string& dataset);

// The same for many configurations: one set of train option definitions, cleared and reset to
// the defaults between configurations. Building CLI11's definitions of every train option was
// most of a configuration's planning time (about 0.4 ms each, minutes for a grid of 10^6).
class ConfigurationReader {
 public:
  ConfigurationReader();
  ~ConfigurationReader();
  ConfigurationReader(const ConfigurationReader&) = delete;
  ConfigurationReader& operator=(const ConfigurationReader&) = delete;
  SweepConfiguration read(const nlohmann::json& config, const std::string& dataset);

 private:
  struct Definitions;
  std::unique_ptr<Definitions> definitions_;
};

// The checks of grid files and of the grid options: an option a configuration may set, and a value
// it takes (parsed alone through the train options).
GridChecks configuration_checks();

// The store's record of a configuration on a data set: the columns, and the estimated cost.
RunRecord make_run_record(const SweepConfiguration& c, const std::string& dataset, const std::string& dataset_hash,
                          const ModelSpec& fitted_spec, std::int64_t train_samples, std::int64_t test_samples);

}  // namespace dendrite::tools
