// A model with its weights: built from a description, trained, evaluated, saved, loaded and
// exported to ONNX.
//
//   dendrite::api::Model model(dendrite::api::ModelDescription::variant("dann-grf"));
//   model.train(data.train, config);
//   dendrite::api::Evaluation test = model.evaluate(data.test);
//   model.save("dann-grf.ckpt");                       // weights and training state
//   model.export_onnx("dann-grf.onnx");                // for ONNX Runtime (with the dendrite plugin)
//   auto again = dendrite::api::Model::load("dann-grf.ckpt");
//
// A Model is not safe to use from several threads at once. A moved-from Model may only be
// assigned to or destroyed.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dendrite/common.h"
#include "dendrite/data.h"
#include "dendrite/description.h"
#include "dendrite/training.h"

namespace dendrite::api {

class DENDRITE_API Model {
 public:
  // Builds the description: connectivity and initial weights from its seed.
  explicit Model(const ModelDescription& description);
  // A checkpoint (Model::save, TrainingConfig::checkpoint, dendrite train). One written during
  // training also restores the training state, so train() continues that run exactly.
  static Model load(const std::string& checkpoint_path);
  // An ONNX file exported by dendrite (export_onnx, dendrite export): its description and weights.
  static Model import_onnx(const std::string& onnx_path);

  Model(Model&&) noexcept;
  Model& operator=(Model&&) noexcept;
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;
  ~Model();

  // Trains on `data` (less its validation part) until config.epochs epochs are done in total.
  // The data must have the model's input size and labels below its class count.
  TrainingResult train(const DataSet& data, const TrainingConfig& config, const EpochCallback& on_epoch = {});
  // The same with a validation set of its own (config.validation is then not used).
  TrainingResult train(const DataSet& data, const DataSet& validation, const TrainingConfig& config,
                       const EpochCallback& on_epoch = {});
  // Mean loss and accuracy, in batches of `batch` samples (the mean over batches depends on it:
  // dendrite train evaluates its test set in its training batch).
  Evaluation evaluate(const DataSet& data) const;
  Evaluation evaluate(const DataSet& data, std::int64_t batch) const;
  // The predicted class of every sample, in order (the largest logit; ties to the lower class).
  std::vector<std::int32_t> predict(const DataSet& data) const;
  // The softmax probabilities of every sample, row-major size() x classes.
  std::vector<float> predict_probabilities(const DataSet& data, std::int64_t batch = 256) const;

  // A checkpoint: the description, every weight and the connectivity, and the training state
  // (optimizer, epochs done) when the model was trained. Replaced atomically.
  void save(const std::string& path) const;
  // ONNX (opset 17, custom domain ai.dendrite with a function body per op), checked with the ONNX
  // checker and shape inference before it is written (atomically). Input "x" float[N, features],
  // outputs "logits" and "probabilities" float[N, classes]. Each dANN layer with rectifier
  // activations is one ai.dendrite.DendriticLayer node; one_node_per_layer = false writes its four
  // nodes (Dendritic, activation, Somatic, activation) instead, as files of dendrite 0.1 had.
  void export_onnx(const std::string& path, bool one_node_per_layer = true) const;

  ModelDescription description() const;
  std::int64_t parameter_count() const;  // trainable weights and biases
  std::int64_t epochs_trained() const;
  std::string summary() const;           // one line per layer: connectivity, units, parameters

 private:
  struct Impl;
  explicit Model(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dendrite::api
