#include "framework/train/training_run.h"

#include <cstdio>
#include <tuple>

#include "framework/core/rng.h"
#include "framework/core/version.h"
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
  std::tie(data.train, data.validation) = split_validation(std::move(train), options.validation);
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
  out.summary = run_summary_json(out.model, options, config, out.result, out.test);
  return out;
}

RunOutcome run_training(const Dataset& train, const Dataset& test, const ModelSpec& spec,
                        const RunOptions& options, const TrainConfig& config) {
  RunData data = prepare_run_data(train, test, options.data, config.seed);
  Model model = build_model(adapt_to_data(spec, data.train));
  return run_training(std::move(data), std::move(model), options, config);
}

nlohmann::json run_info_json(const RunOptions& options, const TrainConfig& config) {
  const OptimizerConfig& opt = config.optimizer;
  return {{"dataset", options.dataset}, {"validation", options.data.validation},
          {"input_noise", options.data.input_noise}, {"sequential", options.data.sequential},
          {"seed", config.seed}, {"batch", config.batch}, {"epochs", config.epochs},
          {"optimizer", {{"type", opt.type}, {"lr", opt.lr}, {"momentum", opt.momentum},
                         {"nesterov", opt.nesterov}, {"beta1", opt.beta1}, {"beta2", opt.beta2},
                         {"eps", opt.eps}, {"weight_decay", opt.weight_decay}}}};
}

nlohmann::json run_summary_json(const Model& model, const RunOptions& options, const TrainConfig& config,
                                const TrainResult& result, const EvalStats& test) {
  nlohmann::json j = model_summary_json(model);
  j["dataset"] = options.dataset;
  j["epochs"] = result.history.size();
  j["batch"] = config.batch;
  j["seed"] = config.seed;
  j["optimizer"] = config.optimizer.type;
  j["lr"] = config.optimizer.lr;
  j["impl"] = sparse_impl_name(options.impl);
  j["test_accuracy"] = test.accuracy;
  j["test_loss"] = test.loss;
  j["seconds_per_epoch"] = result.mean_train_seconds();
  j["train_samples_per_second"] = result.train_samples_per_second();
  if (!result.history.empty()) {
    j["val_accuracy"] = result.history.back().validation.accuracy;
    j["val_loss"] = result.history.back().validation.loss;
    std::size_t best = 0;
    for (std::size_t i = 1; i < result.history.size(); ++i)
      if (result.history[i].validation.loss < result.history[best].validation.loss) best = i;
    j["best_val_loss_epoch"] = result.history[best].epoch;
  }
  j["framework_version"] = framework_version();
  return j;
}

}  // namespace dendrite
