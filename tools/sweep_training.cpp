#include "tools/sweep_training.h"

#include <chrono>

#include "framework/core/error.h"
#include "framework/train/training_run.h"
#include "tools/sweep_config.h"
#include "tools/train_options.h"

namespace dendrite::tools {

RunResult run_result(const nlohmann::json& summary, const TrainResult& r, double wall_seconds) {
  RunResult out;
  out.params = summary.at("params").get<std::int64_t>();
  out.epochs_run = static_cast<std::int64_t>(r.history.size());
  out.test_loss = summary.at("test_loss").get<double>();
  out.test_accuracy = summary.at("test_accuracy").get<double>();
  out.seconds_per_epoch = summary.at("seconds_per_epoch").get<double>();
  out.train_samples_per_second = summary.at("train_samples_per_second").get<double>();
  out.wall_seconds = wall_seconds;
  const bool validated = !r.history.empty() && r.history.back().validation.has_value();
  if (!r.history.empty()) {
    out.train_loss = r.history.back().train.loss;
    out.train_accuracy = r.history.back().train.accuracy;
  }
  if (validated) {
    out.val_loss = summary.at("val_loss").get<double>();
    out.val_accuracy = summary.at("val_accuracy").get<double>();
    out.best_epoch = summary.at("best_val_loss_epoch").get<std::int64_t>();
    out.best_val_loss = r.history.at(static_cast<std::size_t>(*out.best_epoch - 1)).validation->loss;
  }
  for (const EpochStats& s : r.history) {
    EpochRecord e;
    e.epoch = s.epoch;
    e.train_loss = s.train.loss;
    e.train_accuracy = s.train.accuracy;
    e.val_loss = s.val_loss();
    e.val_accuracy = s.val_accuracy();
    e.lr = s.lr.value_or(0.0);  // the trainer records every epoch's (the schedule's)
    e.seconds = s.train_seconds;
    out.history.push_back(e);
  }
  return out;
}

RunResult train_configuration(const nlohmann::json& config, const std::string& dataset, const Dataset& train,
                              const Dataset& test) {
  const auto start = std::chrono::steady_clock::now();
  SweepConfiguration c = read_configuration(config, dataset);
  TrainOptions& o = c.options;
  o.epochs = c.config.at("epochs").get<std::int64_t>();
  o.quiet = true;
  RunOptions run = run_options(o);
  run.dataset = dataset;
  const RunOutcome r = run_training(train, test, c.spec, run, train_config(o));
  DENDRITE_ASSERT(r.completed(), "a sweep run was stopped (workers take no stop flag)");
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run_result(r.summary, r.result, wall);
}

}  // namespace dendrite::tools
