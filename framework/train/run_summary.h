// RunSummary: the one typed result of a training run. `dendrite train` writes it as summary.json,
// a sweep worker sends it to the coordinator, the store's row is made from it, the C++ API's
// TrainingResult maps from it. Nothing reads a summary back by string key: the JSON form is
// written by to_json and read by from_json, both here.
//
//   RunSummary s = make_run_summary(model, options, config, result, test);
//   write_text_file("summary.json", s.to_json(/*with_history=*/false).dump(2));
//   send(s.to_json(true));  ...  RunSummary back = RunSummary::from_json(j);   // Error naming the field
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "framework/optim/lr_schedule.h"
#include "framework/train/early_stopping.h"

namespace dendrite {

// One epoch of a run's history.
struct EpochRecord {
  std::int64_t epoch = 0;  // 1-based
  double train_loss = 0, train_accuracy = 0;
  std::optional<double> val_loss, val_accuracy;  // empty without a validation split
  double lr = 0;                                 // learning rate of the epoch
  double seconds = 0;                            // training seconds
};

struct RunSummary {
  // The model: its name, parameter count and description (model_summary_json: sizes, activations,
  // the input stage), written as they are into the summary.
  std::string model;
  std::int64_t params = 0;
  nlohmann::json model_facts = nlohmann::json::object();
  // How it was trained.
  std::string dataset;  // the data set's name ("idx" for files)
  std::int64_t epochs_run = 0, batch = 0;
  std::uint64_t seed = 0;
  std::string optimizer;
  double lr = 0;
  std::string impl;
  LrScheduleConfig lr_schedule;
  std::optional<EarlyStoppingConfig> early_stopping;
  // How it ended.
  bool stopped_early = false;              // early stopping ended the run before its last epoch
  std::optional<std::int64_t> best_epoch;  // early stopping's best epoch (1-based); empty without it
  bool restored_best = false;              // the run ends with the best epoch's weights
  double train_loss = 0, train_accuracy = 0;     // the last epoch's
  std::optional<double> val_loss, val_accuracy;  // of the epoch whose weights the run ends with
  double test_loss = 0, test_accuracy = 0;
  std::optional<std::int64_t> best_val_loss_epoch;  // 1-based epoch of the lowest validation loss
  std::optional<double> best_val_loss;
  double seconds_per_epoch = 0, train_samples_per_second = 0;
  double wall_seconds = 0;  // the whole run (data loaded); 0 when not measured
  std::string framework_version;
  std::vector<EpochRecord> history;

  // summary.json's keys ("model", "params", the model's facts, "dataset", "epochs" (as run),
  // "batch", ..., "test_accuracy", "val_loss", "best_val_loss_epoch", "framework_version"), and
  // with_history the epochs too. Non-finite numbers are null.
  nlohmann::json to_json(bool with_history = true) const;
  // Error naming the field when `j` is not a summary of this form.
  static RunSummary from_json(const nlohmann::json& j);
};

}  // namespace dendrite
