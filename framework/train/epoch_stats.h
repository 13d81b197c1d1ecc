// What an evaluation and an epoch of training measure, and the epoch's record in log.jsonl and in
// a checkpoint's training history:
//
//   {"epoch": 3, "lr": 0.001, "train_loss": 0.21, "train_accuracy": 0.94, "val_loss": 0.25,
//    "val_accuracy": 0.93, "train_seconds": 1.2, "epoch_seconds": 1.4, "train_samples_per_second": 48000}
//
// Without a validation split val_loss and val_accuracy are null, never 0. `lr` is the learning
// rate the epoch ran with (after the schedule); records written before schedules existed have none.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace dendrite {

struct EvalStats {
  double loss = 0;
  double accuracy = 0;
  std::int64_t samples = 0;
};

struct EpochStats {
  std::int64_t epoch = 0;  // 1-based
  std::optional<double> lr;
  EvalStats train;
  std::optional<EvalStats> validation;  // none without a validation split
  double train_seconds = 0;
  double epoch_seconds = 0;
  // The validation metrics, or none without a validation split.
  std::optional<double> val_loss() const;
  std::optional<double> val_accuracy() const;
  nlohmann::json to_json() const;
  // Throws Error (or a nlohmann::json exception for a missing or mistyped field).
  static EpochStats from_json(const nlohmann::json& j);
};

// "0.2500" for a value, "-" for none: how tables and epoch lines show a metric that may be absent.
std::string metric_text(const std::optional<double>& value, int decimals = 4);

}  // namespace dendrite
