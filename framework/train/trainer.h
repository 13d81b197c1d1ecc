// Trainer: the training loop. Per epoch: shuffled mini-batches (order from the seed and the
// epoch), each one TrainStep (forward, backward, optimizer step; train_step.h); then validation. It prints one line per epoch (and
// a live progress line on a terminal), appends one JSON object per epoch to a JSON Lines log,
// and writes a checkpoint after every epoch, atomically, from which fit() resumes exactly.
//
//   Model model = build_model(spec);
//   Trainer trainer(model, config);
//   if (resume) trainer.load_checkpoint(path);
//   TrainResult r = trainer.fit(train, validation);
//   EvalStats test = trainer.evaluate(test_set);
//
// Stopping: when *config.stop becomes true (a signal handler sets it), fit() finishes the current
// batch, writes a checkpoint at that point and returns with interrupted = true. Resuming from it
// continues with the next batch and ends with the same weights as an uninterrupted run.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "framework/data/dataset.h"
#include "framework/graph/executor.h"
#include "framework/model/model.h"
#include "framework/optim/optimizer.h"
#include "framework/train/train_step.h"

namespace dendrite {

struct TrainConfig {
  std::int64_t epochs = 5;
  std::int64_t batch = 128;
  std::uint64_t seed = 1;
  bool shuffle = true;  // false: the data set's order every epoch (the paper's sequential task)
  OptimizerConfig optimizer;
  Backend backend = Backend::optimized;
  std::string checkpoint_path;  // empty: no checkpoints
  std::string log_path;         // empty: no JSON Lines log
  bool progress = false;        // live progress line
  bool quiet = false;           // no per-epoch lines
  const std::atomic<bool>* stop = nullptr;
  nlohmann::json run_info;  // saved in checkpoints under "run" (data set, options of the tool)
};

struct EvalStats {
  double loss = 0;
  double accuracy = 0;
  std::int64_t samples = 0;
};

struct EpochStats {
  std::int64_t epoch = 0;  // 1-based
  EvalStats train, validation;
  double train_seconds = 0;
  double epoch_seconds = 0;
  nlohmann::json to_json() const;
  static EpochStats from_json(const nlohmann::json& j);
};

struct TrainResult {
  std::vector<EpochStats> history;
  bool interrupted = false;
  double mean_train_seconds() const;  // per epoch
  double train_samples_per_second() const;
};

class Trainer {
 public:
  Trainer(Model& model, TrainConfig config);
  ~Trainer();

  TrainResult fit(const Dataset& train, const Dataset& validation);
  EvalStats evaluate(const Dataset& data);
  // Predicted class of every sample, in data-set order.
  std::vector<std::int32_t> predict(const Dataset& data);

  void save_checkpoint(const std::string& path) const;
  // Restores weights, optimizer state, history and the position in training.
  void load_checkpoint(const std::string& path);
  std::int64_t completed_epochs() const { return epoch_; }

 private:
  void write_log(const EpochStats& s) const;
  void print_epoch(const EpochStats& s) const;

  Model& model_;
  TrainConfig config_;
  TrainStep step_;
  std::vector<EpochStats> history_;
  std::int64_t epoch_ = 0;       // completed epochs
  std::int64_t next_batch_ = 0;  // within the current epoch, when interrupted
  double partial_loss_ = 0, partial_correct_ = 0, partial_seconds_ = 0;
  std::int64_t partial_samples_ = 0;
};

}  // namespace dendrite
