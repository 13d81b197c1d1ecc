// A training run: all that `dendrite train` does between reading its options and writing its
// files, so that the tool and a sweep run exactly the same steps. The data are prepared as the
// run's options say (input noise, validation split, class order), the model is switched to the
// requested implementation of its sparse layers, the Trainer runs its epochs (checkpoints, log,
// progress and the stop flag as its TrainConfig says), then the test set is evaluated and the
// run's summary made.
//
//   RunOptions o;
//   o.dataset = "mnist";
//   o.data.input_noise = 0.5;
//   TrainConfig cfg;            // epochs, batch, seed, optimizer; quiet for a sweep
//   // dendrite train: the data files are read once, and the model may come from a checkpoint.
//   RunData data = prepare_run_data(std::move(train), std::move(test), o.data, cfg.seed);
//   Model m = build_for_data(spec, data.train);   // adapted, built, input stage fitted
//   RunOutcome r = run_training(std::move(data), std::move(m), o, cfg);
//   // A sweep worker: the data loaded once, shared by every configuration (copied where changed).
//   RunOutcome r = run_training(train, test, spec, o, cfg);
//   if (r.completed()) write(r.summary.dump(2));
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "framework/data/dataset.h"
#include "framework/data/validation_split.h"
#include "framework/model/model.h"
#include "framework/train/run_config.h"
#include "framework/train/run_summary.h"
#include "framework/train/trainer.h"

namespace dendrite {

// The options that shape a run's data.
struct DataPreparation {
  double validation = 0.1;   // fraction of the training set held out
  ValidationSplit validation_split = ValidationSplit::stratified;  // which samples (validation_split.h)
  double input_noise = 0.0;  // sigma of Gaussian noise added once to all data, then clipped to [0, 1]
  bool sequential = false;   // the paper's sequential task: training set sorted by class, not shuffled
};

struct RunOptions {
  std::string dataset;   // the data set's name in the summary and the run record ("mnist", "idx")
  DataPreparation data;  // what prepare_run_data did (sequential also turns shuffling off)
  SparseImpl impl = SparseImpl::sparse;  // how the sparse layers compute (the saved model is the same)
  std::string resume;    // a checkpoint of this run to continue (the model must be the checkpoint's)
  // Called once the epochs are done, before the test evaluation (dendrite train restores the
  // default signal handling there, so that a signal ends the process again).
  std::function<void()> after_training;
  // Called once the resumed checkpoint's training state has been loaded and checked.
  std::function<void()> after_resume;
};

struct RunData {
  Dataset train, validation, test;
};

// Input noise from Rng(seed ^ kNoiseStream) (the training set, then the test set, one stream, so
// validation and test get the same noise as training), then the validation split (its rule; the
// stratified one shuffles with Rng(seed ^ kValidationSplitStream)), then the class sort. Data sets whose storage is shared (e.g. loaded once by a sweep) are copied before they
// change; a data set given up with std::move is reused (no copy of the largest tensor).
inline constexpr std::uint64_t kNoiseStream = 0x6e6f697365ULL;  // "noise"
RunData prepare_run_data(Dataset train, Dataset test, const DataPreparation& options, std::uint64_t seed);

// The spec with the data set's input geometry and class count, validated.
ModelSpec adapt_to_data(ModelSpec spec, const Dataset& train);

// The model of a fresh run: the spec adapted to the data, built, and its input stage
// (spec.normalize) given the statistics of `train`, the training split (after the validation split).
Model build_for_data(const ModelSpec& spec, const Dataset& train);

struct RunOutcome {
  Model model;          // as trained (with RunOptions::impl's ops)
  TrainResult result;   // the history; interrupted when the stop flag was set
  bool started = true;  // false: the stop flag was set before the first batch (nothing written)
  EvalStats test;       // of a completed run
  RunSummary summary;   // of a completed run: what `dendrite train` writes to summary.json
  bool completed() const { return started && !result.interrupted; }
};

// The run. Prints the model and the data sizes first unless config.quiet. config.run_info, when
// null, becomes run_info_json(options, config).
RunOutcome run_training(RunData data, Model model, const RunOptions& options, TrainConfig config);
// The same from a spec (adapted to the data and built) and loaded data sets.
RunOutcome run_training(const Dataset& train, const Dataset& test, const ModelSpec& spec,
                        const RunOptions& options, const TrainConfig& config);

// A run configuration as the framework's run takes it (no files, no signals, no resume): the data
// set's label, split, noise, order and impl; the epochs (resolved for the data set), batch, seed,
// optimizer, schedule and early stopping.
RunOptions run_options(const RunConfig& c);
TrainConfig train_config(const RunConfig& c);

// What a run records in its checkpoints (under "run"): the RunConfig of `options` and `config`
// (RunConfig::to_json; the model's fields at their defaults, the checkpoint holds the model).
nlohmann::json run_info_json(const RunOptions& options, const TrainConfig& config);

// The summary of a completed run: the model (model_summary_json), data set, epochs (as run), batch,
// seed, optimizer, lr, impl, the lr schedule and early stopping (their configurations, stopped_early,
// best_epoch: early stopping's, 1-based, null without it; restored_best), the last epoch's training
// metrics, test loss and accuracy, the validation loss and accuracy of the epoch whose weights the
// run ends with (null without a validation split), the epoch of the lowest validation loss and
// that loss, speed, the history and the framework's version.
RunSummary make_run_summary(const Model& model, const RunOptions& options, const TrainConfig& config,
                            const TrainResult& result, const EvalStats& test);

}  // namespace dendrite
