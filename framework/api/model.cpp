// Model: a framework Model with the state of its training run, behind the public value types.
#include "dendrite/model.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>

#include "export/onnx_export.h"
#include "export/onnx_import.h"
#include "framework/api/conversions.h"
#include "framework/data/batcher.h"
#include "framework/data/validation_split.h"
#include "framework/model/input_normalization.h"
#include "framework/train/checkpoint.h"
#include "framework/train/model_io.h"
#include "framework/train/train_step.h"

namespace dendrite::api {

namespace {

// Evaluation and prediction run through a Trainer whose optimizer keeps no state (plain SGD).
TrainConfig inference_config(std::int64_t batch = 256) {
  DENDRITE_CHECK(batch > 0, "the evaluation batch must be positive, got {}", batch);
  TrainConfig c;
  c.batch = batch;
  c.optimizer.type = "sgd";
  c.quiet = true;
  return c;
}

void check_classes(const Dataset& d, const ::dendrite::Model& m, const char* what) {
  DENDRITE_CHECK(d.num_classes <= m.spec.classes, "{}: the data set '{}' has {} classes, the model '{}' has {} outputs",
                 what, d.name, d.num_classes, m.spec.name, m.spec.classes);
}

// The folder of an output file must exist before training starts, not when the first epoch ends.
void check_output_folder(const std::string& path, const char* field) {
  if (path.empty()) return;
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  std::error_code ec;
  DENDRITE_CHECK(folder.empty() || std::filesystem::is_directory(folder, ec),
                 "TrainingConfig::{} '{}': the folder '{}' does not exist", field, path, folder.string());
  DENDRITE_CHECK(!std::filesystem::is_directory(path, ec), "TrainingConfig::{} '{}' is a folder, not a file", field,
                 path);
}

Checkpoint deep_copy(Checkpoint c) {
  for (auto& entry : c.tensors) entry.second = entry.second.clone();
  return c;
}

std::int64_t recorded(const Checkpoint& c, const char* key) {
  const nlohmann::json& t = c.meta["training"];
  return t.contains(key) && t[key].is_number_integer() ? t[key].get<std::int64_t>() : -1;
}

}  // namespace

struct Model::Impl {
  ::dendrite::Model model;
  std::optional<Checkpoint> training;  // the run so far (its own copy of the tensors)
  ExportInfo info;                     // what the ONNX metadata records beyond the model
  bool fresh = false;                  // built from a description, never trained: its input stage unfitted

  // Hidden: a member of the exported class, but no part of libdendrite.so's interface.
  __attribute__((visibility("hidden"))) TrainingResult train(const Dataset& fit, const Dataset& validation,
                                                             const TrainingConfig& config,
                                                             const EpochCallback& on_epoch);
};

Model::Model(const ModelDescription& description) : impl_(std::make_unique<Impl>()) {
  const ModelSpec spec = to_spec(description);
  spec.validate();
  impl_->model = build_model(spec);
  impl_->fresh = true;
}

Model::Model(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Model Model::load(const std::string& checkpoint_path) {
  Checkpoint c = load_checkpoint(checkpoint_path);
  Model m(std::make_unique<Impl>());
  m.impl_->model = model_from_checkpoint(c, checkpoint_path);
  const nlohmann::json run = recorded_run_config(c.meta.contains("run") ? c.meta["run"] : nlohmann::json());
  if (run.contains("dataset")) m.impl_->info.dataset = RunConfig::from_json(run).data.dataset;
  if (c.meta.contains("training")) m.impl_->training = std::move(c);
  return m;
}

Model Model::import_onnx(const std::string& onnx_path) {
  Model m(std::make_unique<Impl>());
  m.impl_->model = ::dendrite::import_onnx(onnx_path);
  return m;
}

Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;
Model::~Model() = default;

TrainingResult Model::train(const DataSet& data, const TrainingConfig& config, const EpochCallback& on_epoch) {
  DENDRITE_CHECK(config.validation >= 0 && config.validation < 1,
                 "TrainingConfig::validation must be in [0, 1), got {}", config.validation);
  const Dataset& d = DataSetAccess::dataset(data);
  const ValidationSplit rule = parse_validation_split(config.validation_split);
  if (rule == ValidationSplit::last || validation_sample_count(d, config.validation) == 0) {
    // The training part reads the caller's samples where they are (a DataSet never changes them).
    auto [fit, validation] = split_validation_shared(d, config.validation);
    return impl_->train(fit, validation, config, on_epoch);
  }
  // The stratified split (the same as dendrite train's) reorders the samples: split_validation
  // copies the shared storage first, so the caller's arrays stay as they are.
  Dataset shared = d;
  auto [fit, validation] = split_validation(std::move(shared), config.validation, rule, config.seed);
  return impl_->train(fit, validation, config, on_epoch);
}

TrainingResult Model::train(const DataSet& data, const DataSet& validation, const TrainingConfig& config,
                            const EpochCallback& on_epoch) {
  const Dataset& v = DataSetAccess::dataset(validation);
  check_classes(v, impl_->model, "train (validation data)");
  DENDRITE_CHECK(v.features() == DataSetAccess::dataset(data).features(),
                 "train: the validation data has {} features per sample, the training data {}", v.features(),
                 DataSetAccess::dataset(data).features());
  return impl_->train(DataSetAccess::dataset(data), v, config, on_epoch);
}

TrainingResult Model::Impl::train(const Dataset& d, const Dataset& validation, const TrainingConfig& config,
                                  const EpochCallback& on_epoch) {
  check_classes(d, model, "train");
  check_output_folder(config.checkpoint, "checkpoint");
  check_output_folder(config.log, "log");
  TrainConfig cfg = to_train_config(config);
  if (training) {
    const Checkpoint& t = *training;
    DENDRITE_CHECK(recorded(t, "batch") < 0 || recorded(t, "batch") == config.batch,
                   "train: this model's run was trained with batch {}; continue it with the same batch",
                   recorded(t, "batch"));
    DENDRITE_CHECK(recorded(t, "seed") < 0 || recorded(t, "seed") == static_cast<std::int64_t>(config.seed),
                   "train: this model's run was trained with seed {}; continue it with the same seed",
                   recorded(t, "seed"));
  }
  // The input stage (spec.normalize) of a new model: built in if asked for, then fitted to the
  // training split, as dendrite train's build_for_data does.
  if (!config.normalize.empty() && config.normalize != model.spec.normalize) {
    DENDRITE_CHECK(fresh, "TrainingConfig::normalize '{}': the model was trained (or loaded) with normalize '{}'",
                   config.normalize, model.spec.normalize);
    ModelSpec spec = model.spec;
    spec.normalize = config.normalize;
    model = build_model(spec);
  }
  if (fresh) fit_input_normalization(model, d.images);
  if (config.threads > 0) set_threads(config.threads);
  const std::int64_t done = training ? std::max<std::int64_t>(recorded(*training, "epoch"), 0) : 0;
  if (done == 0 && !config.log.empty()) std::filesystem::remove(config.log);  // a new run, a new log
  RunConfig run = to_run_config(config);
  run.data.dataset = d.name;
  cfg.run_info = run.to_json();

  // A stop within an epoch returns to the last whole epoch: its state is kept aside (a copy of the
  // weights per epoch) while a stop check is given.
  std::optional<Checkpoint> last_whole;
  const Trainer* running = nullptr;
  if (config.should_stop) {
    last_whole = training ? *training : deep_copy(model_checkpoint(model));
    cfg.stop_check = config.should_stop;
  }
  bool stopped = false;
  cfg.on_epoch = [&](const EpochStats& s) {
    if (last_whole) {
      last_whole = deep_copy(running->training_checkpoint());
      last_whole->meta["training"]["epoch"] = s.epoch;  // the Trainer counts the epoch done once this returns
    }
    if (!on_epoch) return true;
    const bool go_on = on_epoch(from_epoch(s, config.epochs));
    stopped = !go_on && s.epoch < config.epochs;
    return go_on;
  };
  TrainResult r;
  std::optional<Checkpoint> finished;
  {
    Trainer trainer(model, cfg);  // holds pointers into the model: gone before the model is replaced
    running = &trainer;
    if (training) trainer.restore(*training, "the model's training state");
    r = trainer.fit(d, validation);
    if (!r.interrupted) finished = deep_copy(trainer.training_checkpoint());
  }
  TrainingResult out;
  if (r.interrupted) {
    const bool had_run = last_whole->meta.contains("training");
    model = model_from_checkpoint(*last_whole, "the model's last whole epoch");
    if (had_run) training = std::move(last_whole);
    out.interrupted = true;
  } else {
    training = std::move(finished);
  }
  if (training) fresh = false;
  info.dataset = d.name;
  info.test_accuracy.reset();

  for (const EpochStats& s : r.history)
    if (s.epoch > done && s.epoch <= (training ? recorded(*training, "epoch") : 0))
      out.epochs.push_back(from_epoch(s, config.epochs));
  out.stopped = stopped;
  out.stopped_early = r.stopped_early;
  out.best_epoch = r.best_epoch;
  return out;
}

Evaluation Model::evaluate(const DataSet& data) const { return evaluate(data, 256); }

Evaluation Model::evaluate(const DataSet& data, std::int64_t batch) const {
  const Dataset& d = DataSetAccess::dataset(data);
  check_classes(d, impl_->model, "evaluate");
  Trainer t(impl_->model, inference_config(batch));
  return from_eval(t.evaluate(d));
}

std::vector<std::int32_t> Model::predict(const DataSet& data) const {
  Trainer t(impl_->model, inference_config());
  return t.predict(DataSetAccess::dataset(data));
}

std::vector<float> Model::predict_probabilities(const DataSet& data, std::int64_t batch) const {
  const Dataset& d = DataSetAccess::dataset(data);
  DENDRITE_CHECK(batch > 0, "predict: the batch must be positive, got {}", batch);
  DENDRITE_CHECK(d.features() == impl_->model.spec.input_size(),
                 "predict: the data has {} features per sample, the model expects {}", d.features(),
                 impl_->model.spec.input_size());
  TrainStep step(impl_->model, inference_config().optimizer);
  Batcher batcher(d, batch, /*shuffle=*/false, 0);
  batcher.start_epoch(0);
  const std::int64_t classes = impl_->model.spec.classes;
  std::vector<float> out(static_cast<std::size_t>(d.size() * classes));
  float* row = out.data();
  Batch b;
  while (batcher.next(b)) {
    step.evaluate(b.x, b.y);
    const float* logits = step.logits().f32();
    // Softmax per sample, its largest logit subtracted first.
    for (std::int64_t i = 0; i < b.size; ++i, row += classes) {
      const float* z = logits + i * classes;
      const float top = *std::max_element(z, z + classes);
      double sum = 0;
      for (std::int64_t c = 0; c < classes; ++c) sum += row[c] = std::exp(z[c] - top);
      for (std::int64_t c = 0; c < classes; ++c) row[c] = static_cast<float>(row[c] / sum);
    }
  }
  return out;
}

void Model::save(const std::string& path) const {
  Checkpoint c = impl_->training ? *impl_->training : model_checkpoint(impl_->model);
  if (!impl_->training && !impl_->info.dataset.empty()) c.meta["run"] = {{"dataset", impl_->info.dataset}};
  save_checkpoint(path, c);
}

void Model::export_onnx(const std::string& path, bool one_node_per_layer) const {
  ExportOptions options;
  options.fuse_layers = one_node_per_layer;
  const onnx::ModelProto proto = export_model(impl_->model, impl_->info, options);
  check_onnx_model(proto);
  save_onnx(proto, path);
}

ModelDescription Model::description() const { return from_spec(impl_->model.spec); }
std::int64_t Model::parameter_count() const { return impl_->model.parameter_count(); }
std::int64_t Model::epochs_trained() const { return impl_->training ? std::max<std::int64_t>(recorded(*impl_->training, "epoch"), 0) : 0; }
std::string Model::summary() const { return model_summary_table(impl_->model); }

}  // namespace dendrite::api
