// What the store keeps about a run: its configuration with the main axes as columns (RunRecord,
// written when the sweep starts), and its results (RunSummary of framework/train/run_summary.h,
// written when it is done; it travels from the workers to the coordinator as its own JSON form).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "framework/train/run_summary.h"

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

}  // namespace dendrite
