// Model: a framework Model with the state of its training run, behind the public value types.
#include "dendrite/model.h"

#include <filesystem>
#include <optional>

#include "export/onnx_export.h"
#include "export/onnx_import.h"
#include "framework/api/conversions.h"
#include "framework/train/checkpoint.h"
#include "framework/train/model_io.h"

namespace dendrite::api {

namespace {

// Evaluation and prediction run through a Trainer whose optimizer keeps no state (plain SGD).
TrainConfig inference_config() {
  TrainConfig c;
  c.batch = 256;
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
};

Model::Model(const ModelDescription& description) : impl_(std::make_unique<Impl>()) {
  const ModelSpec spec = to_spec(description);
  spec.validate();
  impl_->model = build_model(spec);
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
  ::dendrite::Model& model = impl_->model;
  const Dataset& d = DataSetAccess::dataset(data);
  check_classes(d, model, "train");
  check_output_folder(config.checkpoint, "checkpoint");
  check_output_folder(config.log, "log");
  TrainConfig cfg = to_train_config(config);
  if (impl_->training) {
    const Checkpoint& t = *impl_->training;
    DENDRITE_CHECK(recorded(t, "batch") < 0 || recorded(t, "batch") == config.batch,
                   "train: this model's run was trained with batch {}; continue it with the same batch",
                   recorded(t, "batch"));
    DENDRITE_CHECK(recorded(t, "seed") < 0 || recorded(t, "seed") == static_cast<std::int64_t>(config.seed),
                   "train: this model's run was trained with seed {}; continue it with the same seed",
                   recorded(t, "seed"));
  }
  const std::int64_t done = epochs_trained();
  if (done == 0 && !config.log.empty()) std::filesystem::remove(config.log);  // a new run, a new log
  RunConfig run = to_run_config(config);
  run.data.dataset = d.name;
  cfg.run_info = run.to_json();
  bool stopped = false;
  if (on_epoch) {
    cfg.on_epoch = [&](const EpochStats& s) {
      const bool go_on = on_epoch(from_epoch(s, config.epochs));
      stopped = !go_on && s.epoch < config.epochs;
      return go_on;
    };
  }
  auto [fit, validation] = split_validation(d, config.validation);
  Trainer trainer(model, cfg);
  if (impl_->training) trainer.restore(*impl_->training, "the model's training state");
  const TrainResult r = trainer.fit(fit, validation);
  impl_->training = deep_copy(trainer.training_checkpoint());
  impl_->info.dataset = d.name;
  impl_->info.test_accuracy.reset();

  TrainingResult out;
  for (const EpochStats& s : r.history)
    if (s.epoch > done) out.epochs.push_back(from_epoch(s, config.epochs));
  out.stopped = stopped;
  return out;
}

Evaluation Model::evaluate(const DataSet& data) const {
  const Dataset& d = DataSetAccess::dataset(data);
  check_classes(d, impl_->model, "evaluate");
  Trainer t(impl_->model, inference_config());
  return from_eval(t.evaluate(d));
}

std::vector<std::int32_t> Model::predict(const DataSet& data) const {
  Trainer t(impl_->model, inference_config());
  return t.predict(DataSetAccess::dataset(data));
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
