#include "framework/python/core/model.h"

#include <algorithm>
#include <optional>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "dendrite/model.h"
#include "framework/python/core/errors.h"

namespace py = pybind11;

namespace dendrite::python {

namespace {

py::dict epoch_metrics(const api::EpochReport& e) {
  py::dict d;
  d["epoch"] = e.epoch;
  d["epochs"] = e.epochs;
  d["loss"] = e.train.loss;
  d["accuracy"] = e.train.accuracy;
  if (e.validation.samples > 0) {
    d["val_loss"] = e.validation.loss;
    d["val_accuracy"] = e.validation.accuracy;
  }
  d["seconds"] = e.seconds;
  d["samples"] = e.train.samples;
  d["lr"] = e.lr;
  return d;
}

// A Python error caught while the GIL was released, raised again once it is held.
class PendingError {
 public:
  void fetch() { PyErr_Fetch(&type_, &value_, &trace_); }
  bool set() const { return type_ != nullptr; }
  [[noreturn]] void raise() {
    PyErr_Restore(type_, value_, trace_);
    type_ = value_ = trace_ = nullptr;
    throw py::error_already_set();
  }

 private:
  PyObject *type_ = nullptr, *value_ = nullptr, *trace_ = nullptr;
};

py::dict train(api::Model& model, const api::DataSet& data, const std::optional<api::DataSet>& validation,
               api::TrainingConfig config, const py::object& callback) {
  PendingError pending;
  // Once per batch: Python's signal handlers run here (KeyboardInterrupt for a Ctrl-C), in the
  // main thread; any exception they raise stops training.
  config.should_stop = [&pending] {
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() == 0) return false;
    pending.fetch();
    return true;
  };
  api::EpochCallback on_epoch;
  if (!callback.is_none()) {
    on_epoch = [&callback, &pending](const api::EpochReport& e) {
      py::gil_scoped_acquire gil;
      try {
        const py::object answer = callback(epoch_metrics(e));
        return answer.is_none() || answer.cast<bool>();  // only False (or a falsy value) stops
      } catch (py::error_already_set& err) {
        err.restore();
        pending.fetch();
        return false;
      }
    };
  }
  api::TrainingResult r;
  {
    py::gil_scoped_release release;
    r = validation ? model.train(data, *validation, config, on_epoch) : model.train(data, config, on_epoch);
  }
  if (pending.set()) pending.raise();
  py::list epochs;
  for (const api::EpochReport& e : r.epochs) epochs.append(epoch_metrics(e));
  py::dict out;
  out["epochs"] = epochs;
  out["stopped"] = r.stopped;
  out["interrupted"] = r.interrupted;
  out["stopped_early"] = r.stopped_early;
  out["best_epoch"] = r.best_epoch;
  return out;
}

}  // namespace

void bind_model(py::module_& m) {
  using api::TrainingConfig;
  py::class_<TrainingConfig>(m, "TrainingConfig", "How a model is trained (the C++ API's TrainingConfig).")
      .def(py::init<>())
      .def_readwrite("epochs", &TrainingConfig::epochs, "The run's length in epochs (a trained model continues up to it).")
      .def_readwrite("batch", &TrainingConfig::batch, "Samples per training step.")
      .def_readwrite("seed", &TrainingConfig::seed, "Shuffling and dropout.")
      .def_readwrite("validation", &TrainingConfig::validation, "Fraction of the training data held out (its last samples), in [0, 1).")
      .def_readwrite("shuffle", &TrainingConfig::shuffle, "False: the data's own order every epoch.")
      .def_readwrite("optimizer", &TrainingConfig::optimizer, "'sgd' | 'adam' | 'adamw'.")
      .def_readwrite("learning_rate", &TrainingConfig::learning_rate, "The optimizer's learning rate (the schedule's start).")
      .def_readwrite("momentum", &TrainingConfig::momentum, "SGD's momentum.")
      .def_readwrite("weight_decay", &TrainingConfig::weight_decay, "L2 on the gradient (sgd, adam) or decoupled (adamw).")
      .def_readwrite("lr_schedule", &TrainingConfig::lr_schedule, "'constant' | 'step' | 'cosine' | 'plateau'.")
      .def_readwrite("warmup_epochs", &TrainingConfig::warmup_epochs, "Epochs of linear warmup before the schedule.")
      .def_readwrite("lr_step_size", &TrainingConfig::lr_step_size, "step: epochs per decay.")
      .def_readwrite("lr_gamma", &TrainingConfig::lr_gamma, "step: the decay factor.")
      .def_readwrite("lr_min", &TrainingConfig::lr_min, "cosine: the final lr; plateau: the lowest lr.")
      .def_readwrite("lr_factor", &TrainingConfig::lr_factor, "plateau: the lr's factor on a plateau.")
      .def_readwrite("lr_patience", &TrainingConfig::lr_patience, "plateau: epochs without improvement before a reduction.")
      .def_readwrite("early_stopping", &TrainingConfig::early_stopping, "Patience in epochs on the validation loss; -1: off.")
      .def_readwrite("min_delta", &TrainingConfig::min_delta, "Early stopping: the smallest improvement that counts.")
      .def_readwrite("restore_best", &TrainingConfig::restore_best, "Early stopping: end with the best epoch's weights.")
      .def_readwrite("normalize", &TrainingConfig::normalize, "A new model's input stage: 'none' | 'feature' | 'global'; '': the description's.")
      .def_readwrite("threads", &TrainingConfig::threads, "Compute threads of the call; 0: as set.")
      .def_readwrite("checkpoint", &TrainingConfig::checkpoint, "A checkpoint written after every epoch; '': none.")
      .def_readwrite("log", &TrainingConfig::log, "A JSON Lines log, one object per epoch; '': none.")
      .def_readwrite("verbose", &TrainingConfig::verbose, "One line per epoch on stderr (from C++).")
      .def_readwrite("progress", &TrainingConfig::progress, "The live progress line, when stderr is a terminal.");

  py::class_<api::Model>(m, "Model", "A model with its weights (the C++ API's Model).")
      .def(py::init([](const std::string& description_json) {
             return api::Model(api::ModelDescription::from_json(description_json));
           }),
           py::arg("description_json"), "Builds a JSON model description (connectivity, initial weights).")
      .def_static(
          "load", [](const std::string& path) { return with_file_errors([&] { return api::Model::load(path); }); },
          py::arg("path"), "A checkpoint written by save() or dendrite train.")
      .def_static(
          "import_onnx",
          [](const std::string& path) { return with_file_errors([&] { return api::Model::import_onnx(path); }); },
          py::arg("path"), "An ONNX file exported by dendrite.")
      .def("train", &train, py::arg("data"), py::arg("validation"), py::arg("config"), py::arg("callback"),
           "Trains with the GIL released; returns {'epochs': [metrics...], 'stopped', 'interrupted', ...}.")
      .def(
          "evaluate",
          [](const api::Model& self, const api::DataSet& data, std::int64_t batch) {
            api::Evaluation e;
            {
              py::gil_scoped_release release;
              e = self.evaluate(data, batch);
            }
            py::dict d;
            d["loss"] = e.loss;
            d["accuracy"] = e.accuracy;
            return d;
          },
          py::arg("data"), py::arg("batch"), "Mean loss and accuracy.")
      .def(
          "predict_probabilities",
          [](const api::Model& self, const api::DataSet& data, std::int64_t batch) {
            std::vector<float> p;
            {
              py::gil_scoped_release release;
              p = self.predict_probabilities(data, batch);
            }
            const auto n = static_cast<py::ssize_t>(data.size());
            const auto classes = n > 0 ? static_cast<py::ssize_t>(p.size()) / n : 0;
            py::array_t<float> out({n, classes});
            std::copy(p.begin(), p.end(), out.mutable_data());
            return out;
          },
          py::arg("data"), py::arg("batch"), "Softmax probabilities, float32 [N, classes].")
      .def(
          "save", [](const api::Model& self, const std::string& path) { with_file_errors([&] { self.save(path); }); },
          py::arg("path"), "Writes a checkpoint (atomically).")
      .def(
          "export_onnx",
          [](const api::Model& self, const std::string& path, bool one_node_per_layer) {
            with_file_errors([&] { self.export_onnx(path, one_node_per_layer); });
          },
          py::arg("path"), py::arg("one_node_per_layer") = true, "Writes an ONNX file (checked, atomically).")
      .def("description_json", [](const api::Model& self) { return self.description().to_json(); },
           "The model's description as JSON.")
      .def_property_readonly("parameter_count", &api::Model::parameter_count, "Trainable weights and biases.")
      .def_property_readonly("epochs_trained", &api::Model::epochs_trained, "Epochs of the training run so far.")
      .def("summary", &api::Model::summary, "One line per layer: connectivity, units, parameters.");

  m.def(
      "variant_json",
      [](const std::string& name, const api::VariantSize& size, const std::vector<std::int64_t>& input,
         std::int64_t classes, std::uint64_t seed) {
        return api::ModelDescription::variant(name, size, input, classes, seed).to_json();
      },
      py::arg("name"), py::arg("size"), py::arg("input"), py::arg("classes"), py::arg("seed"),
      "The JSON description of one of the paper's variants.");
  py::class_<api::VariantSize>(m, "VariantSize", "The sizes and activations a named variant is built with.")
      .def(py::init<>())
      .def_readwrite("dendrites", &api::VariantSize::dendrites, "D, dendrites per soma.")
      .def_readwrite("somata", &api::VariantSize::somata, "S, somata per layer.")
      .def_readwrite("synapses", &api::VariantSize::synapses, "k, inputs per dendrite.")
      .def_readwrite("layers", &api::VariantSize::layers, "Stacked dendritic layers.")
      .def_readwrite("hidden", &api::VariantSize::hidden, "mlp: the hidden layers' widths.")
      .def_readwrite("activations", &api::VariantSize::activations, "mlp: one activation, or one per layer.")
      .def_readwrite("dropout", &api::VariantSize::dropout, "Dropout after each hidden layer while training.")
      .def_readwrite("dendrite_activation", &api::VariantSize::dendrite_activation, "The dendrites' activation.")
      .def_readwrite("soma_activation", &api::VariantSize::soma_activation, "The somata's activation.");
  m.def("variant_names", &api::variant_names, "The names of the paper's variants and mlp.");
  m.def("set_threads", &api::set_threads, py::arg("threads"), "Compute threads (OpenMP) of the calling thread.");
}

}  // namespace dendrite::python
