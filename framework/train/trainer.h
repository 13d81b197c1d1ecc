// Trainer: the training loop. Per epoch: the learning rate of the schedule (lr_schedule.h),
// shuffled mini-batches (order from the seed and the epoch), each one TrainStep (forward, backward,
// optimizer step; train_step.h); then validation, the schedule's and early stopping's view of the
// validation loss (early_stopping.h). It prints one line per epoch (and a live progress line on a
// terminal), appends one JSON object per epoch to a JSON Lines log, and writes a checkpoint after
// every epoch, atomically, from which fit() resumes exactly.
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
//
// Early stopping (config.early_stopping): the best epoch's parameters are kept aside (and written
// to config.best_checkpoint_path as a model checkpoint whenever a new best appears); training ends
// once early stopping says so. With restore_best, fit() then puts the best epoch's weights into the
// model, so the test evaluation, the last checkpoint and an export use them. NOTE [two weight sets]:
// the checkpoint holds the model's parameters under their names and the other set under a prefix:
// "best/" while training goes on, "last/" (the last epoch's, from which more epochs would continue)
// once the best ones were restored; the training state's "restored_best" says which.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <optional>

#include <nlohmann/json.hpp>

#include "framework/data/dataset.h"
#include "framework/graph/executor.h"
#include "framework/model/model.h"
#include "framework/optim/lr_schedule.h"
#include "framework/optim/optimizer.h"
#include "framework/train/checkpoint.h"
#include "framework/train/early_stopping.h"
#include "framework/train/epoch_stats.h"
#include "framework/train/train_step.h"
#include "framework/train/weight_copy.h"

namespace dendrite {

struct TrainConfig {
  std::int64_t epochs = 5;
  std::int64_t batch = 128;
  std::uint64_t seed = 1;
  bool shuffle = true;  // false: the data set's order every epoch (the paper's sequential task)
  OptimizerConfig optimizer;
  LrScheduleConfig lr_schedule;                       // the lr of each epoch, from optimizer.lr
  std::optional<EarlyStoppingConfig> early_stopping;  // none: every epoch runs
  Backend backend = Backend::optimized;
  std::string checkpoint_path;  // empty: no checkpoints
  std::string best_checkpoint_path;  // with early stopping: the best epoch's model (empty: none)
  std::string log_path;         // empty: no JSON Lines log
  bool progress = false;        // live progress line
  bool quiet = false;           // no per-epoch lines
  const std::atomic<bool>* stop = nullptr;
  // Asked after every batch, as *stop is read (e.g. the Python package's check for a Ctrl-C);
  // true stops the same way.
  std::function<bool()> stop_check;
  nlohmann::json run_info;  // saved in checkpoints under "run" (data set, options of the tool)
  // Called after each epoch (after its checkpoint); returning false ends fit() there.
  std::function<bool(const EpochStats&)> on_epoch;
};

struct TrainResult {
  std::vector<EpochStats> history;
  bool interrupted = false;
  bool stopped_early = false;    // early stopping ended the run before its last epoch
  std::int64_t best_epoch = 0;   // early stopping's best epoch (1-based); 0 without early stopping
  bool restored_best = false;    // the model holds the best epoch's weights (restore_best)
  double mean_train_seconds() const;  // per epoch
  double train_samples_per_second() const;
};

class Trainer {
 public:
  Trainer(Model& model, TrainConfig config);
  ~Trainer();

  // `validation` may be empty unless early stopping or the schedule (plateau) reads its loss.
  TrainResult fit(const Dataset& train, const Dataset& validation);
  EvalStats evaluate(const Dataset& data);
  // Predicted class of every sample, in data-set order.
  std::vector<std::int32_t> predict(const Dataset& data);

  void save_checkpoint(const std::string& path) const;
  // Restores weights, optimizer state, history and the position in training.
  void load_checkpoint(const std::string& path);
  // The same in memory: what save_checkpoint writes (its tensors share the model's storage), and
  // restoring from it (`source` names it in errors).
  Checkpoint training_checkpoint() const;
  void restore(const Checkpoint& c, const std::string& source);
  std::int64_t completed_epochs() const { return epoch_; }
  // The best epoch's model as a checkpoint (spec, parameters, constants; no training state):
  // what config.best_checkpoint_path holds. Early stopping must be on.
  Checkpoint best_checkpoint() const;

 private:
  void end_epoch(EpochStats& s);  // the schedule and early stopping see the validation loss
  void finish();                  // restore_best, then the final checkpoint
  void save_epoch_files(const EpochStats& s);
  void write_best_checkpoint();  // when the best epoch changed
  void write_log(const EpochStats& s) const;
  void print_epoch(const EpochStats& s) const;
  TrainResult result() const;

  Model& model_;
  TrainConfig config_;
  TrainStep step_;
  LrSchedule schedule_;
  std::optional<EarlyStopping> early_stopping_;
  std::optional<WeightCopy> best_;  // with early stopping; see NOTE [two weight sets]
  bool restored_best_ = false;
  std::int64_t best_written_ = 0;   // the best epoch best_checkpoint_path holds (0: not written)
  std::vector<EpochStats> history_;
  std::int64_t epoch_ = 0;       // completed epochs
  std::int64_t next_batch_ = 0;  // within the current epoch, when interrupted
  double partial_loss_ = 0, partial_correct_ = 0, partial_seconds_ = 0;
  std::int64_t partial_samples_ = 0;
};

}  // namespace dendrite
