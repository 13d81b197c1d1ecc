#include "framework/train/training_run.h"

#include <algorithm>
#include <cstdio>
#include <tuple>

#include "framework/core/rng.h"
#include "framework/core/version.h"
#include "framework/model/input_normalization.h"
#include "framework/model/model_rewrite.h"

namespace dendrite {

namespace {
// Gives `d` its own storage when another data set shares it, so that changing it in place is safe.
void own_storage(Dataset& d) {
  if (!d.images.sole_owner()) d.images = d.images.clone();
  if (!d.labels.sole_owner()) d.labels = d.labels.clone();
}

void print_start(const Model& model, const RunOptions& o, const RunData& data) {
  std::fprintf(stderr, "model %s on %s: %lld train, %lld validation, %lld test samples\n%s",
               model.spec.name.c_str(), o.dataset.c_str(), static_cast<long long>(data.train.size()),
               static_cast<long long>(data.validation.size()), static_cast<long long>(data.test.size()),
               model_summary_table(model).c_str());
}
}  // namespace

RunData prepare_run_data(Dataset train, Dataset test, const DataPreparation& options, std::uint64_t seed) {
  if (options.input_noise > 0) {
    own_storage(train);
    own_storage(test);
    Rng noise(seed ^ kNoiseStream);
    add_input_noise(train, options.input_noise, noise);
    add_input_noise(test, options.input_noise, noise);
  }
  RunData data;
  std::tie(data.train, data.validation) = split_validation(std::move(train), options.validation, options.validation_split, seed);
  data.test = std::move(test);
  if (options.sequential) sort_by_class(data.train);
  return data;
}

ModelSpec adapt_to_data(ModelSpec spec, const Dataset& train) {
  spec.input = {train.sample_shape[0], train.sample_shape[1], train.sample_shape[2]};
  spec.classes = train.num_classes;
  spec.validate();
  return spec;
}

Model build_for_data(const ModelSpec& spec, const Dataset& train) {
  Model model = build_model(adapt_to_data(spec, train));
  fit_input_normalization(model, train.images);
  return model;
}

RunOutcome run_training(RunData data, Model model, const RunOptions& options, TrainConfig config) {
  RunOutcome out;
  out.model = options.impl == SparseImpl::sparse ? std::move(model) : rebuild_model(model, {options.impl});
  if (options.data.sequential) config.shuffle = false;
  if (config.run_info.is_null()) config.run_info = run_info_json(options, config);
  {
    Trainer trainer(out.model, config);
    if (!options.resume.empty()) {
      trainer.load_checkpoint(options.resume);
      if (options.after_resume) options.after_resume();
    }
    if (!config.quiet) print_start(out.model, options, data);
    if (config.stop != nullptr && config.stop->load()) {
      out.started = false;
      out.result.interrupted = true;
      return out;
    }
    out.result = trainer.fit(data.train, data.validation);
    if (out.result.interrupted) return out;
    if (options.after_training) options.after_training();
    out.test = trainer.evaluate(data.test);
  }
  out.summary = make_run_summary(out.model, options, config, out.result, out.test);
  return out;
}

RunOutcome run_training(const Dataset& train, const Dataset& test, const ModelSpec& spec,
                        const RunOptions& options, const TrainConfig& config) {
  RunData data = prepare_run_data(train, test, options.data, config.seed);
  Model model = build_for_data(spec, data.train);
  return run_training(std::move(data), std::move(model), options, config);
}

RunOptions run_options(const RunConfig& c) {
  RunOptions run;
  run.dataset = data_set_label(c.data);
  run.data = {c.validation, parse_validation_split(c.validation_split), c.input_noise, c.sequential};
  run.impl = parse_sparse_impl(c.impl);
  return run;
}

TrainConfig train_config(const RunConfig& c) {
  TrainConfig cfg;
  cfg.epochs = resolved_epochs(c, data_set_label(c.data));
  cfg.batch = c.batch;
  cfg.seed = c.seed;
  cfg.optimizer = c.optimizer;
  cfg.lr_schedule = c.protocol.lr_schedule;
  if (c.protocol.early_stop >= 0)
    cfg.early_stopping = EarlyStoppingConfig{c.protocol.early_stop, c.protocol.min_delta, c.protocol.restore_best};
  return cfg;
}

nlohmann::json run_info_json(const RunOptions& options, const TrainConfig& config) {
  RunConfig c;
  c.data.dataset = options.dataset;
  c.validation = options.data.validation;
  c.validation_split = validation_split_name(options.data.validation_split);
  c.input_noise = options.data.input_noise;
  c.sequential = options.data.sequential;
  c.impl = sparse_impl_name(options.impl);
  c.seed = config.seed;
  c.batch = config.batch;
  c.epochs = config.epochs;
  c.optimizer = config.optimizer;
  c.protocol.lr_schedule = config.lr_schedule;
  if (config.early_stopping) {
    c.protocol.early_stop = config.early_stopping->patience;
    c.protocol.min_delta = config.early_stopping->min_delta;
    c.protocol.restore_best = config.early_stopping->restore_best;
  }
  return c.to_json();
}

RunSummary make_run_summary(const Model& model, const RunOptions& options, const TrainConfig& config,
                            const TrainResult& result, const EvalStats& test) {
  RunSummary s;
  s.model_facts = model_summary_json(model);
  s.model = model.spec.name;
  s.params = model.parameter_count();
  s.dataset = options.dataset;
  s.epochs_run = static_cast<std::int64_t>(result.history.size());
  s.batch = config.batch;
  s.seed = config.seed;
  s.optimizer = config.optimizer.type;
  s.lr = config.optimizer.lr;
  s.impl = sparse_impl_name(options.impl);
  s.lr_schedule = config.lr_schedule;
  s.early_stopping = config.early_stopping;
  s.stopped_early = result.stopped_early;
  if (result.best_epoch > 0) s.best_epoch = result.best_epoch;
  s.restored_best = result.restored_best;
  s.test_loss = test.loss;
  s.test_accuracy = test.accuracy;
  s.seconds_per_epoch = result.mean_train_seconds();
  s.train_samples_per_second = result.train_samples_per_second();
  s.framework_version = framework_version();
  if (!result.history.empty()) {
    s.train_loss = result.history.back().train.loss;
    s.train_accuracy = result.history.back().train.accuracy;
  }
  // The validation metrics of the epoch whose weights the run ends with: the best one when they
  // were restored, else the last; empty without a validation split.
  const EpochStats* end = result.history.empty() ? nullptr : &result.history.back();
  if (result.restored_best) {
    const auto best = std::find_if(result.history.begin(), result.history.end(),
                                   [&](const EpochStats& e) { return e.epoch == result.best_epoch; });
    end = best == result.history.end() ? nullptr : &*best;
  }
  if (end != nullptr && end->validation) {
    s.val_accuracy = end->val_accuracy();
    s.val_loss = end->val_loss();
  }
  const EpochStats* lowest = nullptr;
  for (const EpochStats& e : result.history)
    if (e.validation && (lowest == nullptr || e.validation->loss < lowest->validation->loss)) lowest = &e;
  if (lowest != nullptr) {
    s.best_val_loss_epoch = lowest->epoch;
    s.best_val_loss = lowest->validation->loss;
  }
  for (const EpochStats& e : result.history) {
    EpochRecord r;
    r.epoch = e.epoch;
    r.train_loss = e.train.loss;
    r.train_accuracy = e.train.accuracy;
    r.val_loss = e.val_loss();
    r.val_accuracy = e.val_accuracy();
    r.lr = e.lr.value_or(0.0);  // the trainer records every epoch's (the schedule's)
    r.seconds = e.train_seconds;
    s.history.push_back(r);
  }
  return s;
}

}  // namespace dendrite
