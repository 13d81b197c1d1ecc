// What the store keeps about a run: its configuration with the main axes as columns (RunRecord,
// written when the sweep starts), and its results (RunResult, written when it is done). Results
// travel from the workers to the coordinator as JSON (to_json / run_result_from_json).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace dendrite {

struct RunRecord {
  std::string key;          // run_key(config, dataset_hash, framework_version)
  nlohmann::json config;    // canonical configuration
  std::string dataset, dataset_hash, framework_version;
  std::string model;
  std::optional<std::int64_t> dendrites, somata, synapses;  // empty where the model has none
  std::int64_t layers = 1;
  std::int64_t seed = 1;
  double input_noise = 0;
  bool sequential = false;
  std::int64_t epochs = 0, batch = 0;
  std::string optimizer;
  double lr = 0, dropout = 0;
  double cost = 0;  // estimated single-core seconds (cost.h)
};

struct EpochRecord {
  std::int64_t epoch = 0;  // 1-based
  double train_loss = 0, train_accuracy = 0;
  std::optional<double> val_loss, val_accuracy;  // empty without a validation split
  double lr = 0;                                 // learning rate of the epoch
  double seconds = 0;                            // training seconds
};

// The summary metrics of `dendrite train` (same meanings as its summary.json) and the history.
struct RunResult {
  std::int64_t params = 0;
  std::int64_t epochs_run = 0;
  double train_loss = 0, train_accuracy = 0;
  std::optional<double> val_loss, val_accuracy;
  double test_loss = 0, test_accuracy = 0;
  std::optional<std::int64_t> best_epoch;  // 1-based epoch of minimum validation loss
  std::optional<double> best_val_loss;
  double seconds_per_epoch = 0, train_samples_per_second = 0;
  double wall_seconds = 0;  // the whole run, data already loaded
  std::vector<EpochRecord> history;
};

nlohmann::json to_json(const RunResult& r);
// Throws Error naming the field when the JSON is not a run result.
RunResult run_result_from_json(const nlohmann::json& j);

}  // namespace dendrite
