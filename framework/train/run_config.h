// RunConfig: everything that shapes a training run, in one typed struct with its defaults. The
// command line binds its options to it (tools/train_options.h), a checkpoint records it, the
// sweep keys its runs by its canonical form, the C++ API maps its configuration to it.
//
// Every field is listed once, in visit_run_config_fields (run_config.cpp), with its key (the
// `dendrite train` option without dashes, '_' for '-': "input_noise" for --input-noise) and its
// role, the one flag from which both rules below follow:
//   - identity: shapes the result, and the finished epochs were computed from it (seed, batch,
//     the model, the optimizer's type, the schedule's kind, ...): part of the run's canonical
//     form; a resumed run keeps the recorded value (another value on the command line is an error).
//   - steering: shapes the result, but only steers the epochs still to come (--epochs, --lr and
//     the optimizer's settings, the schedule's parameters, early stopping's patience): part of the
//     canonical form; a resumed run takes the command line's value and reports the change.
//   - none: does not shape the result (threads, the data folder): in neither.
// The data fields shape the result too, but the canonical form leaves them out: a sweep's run key
// holds the data's content hash instead of names and paths.
//
//   RunConfig c;                        // the defaults of `dendrite train`
//   c.model.model = "dann-r";
//   c.check();                          // Error naming the field ("batch: must be >= 1, got 0")
//   nlohmann::json j = c.to_json();     // every field, flat: {"batch": 128, "dendrites": 16, ...}
//   RunConfig d = RunConfig::from_json(j);   // Error for an unknown field or a wrong type
//   nlohmann::json key = canonical_run_config(c, spec, 15);  // the sweep's run identity
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "framework/model/model_spec.h"
#include "framework/optim/lr_schedule.h"
#include "framework/optim/optimizer.h"
#include "framework/train/early_stopping.h"

namespace dendrite {

// Which model: a named variant with its sizes and activations, or a JSON model description.
struct ModelOptions {
  std::string model = "mlp";
  std::string model_file;  // JSON model description (arbitrary stacks)
  std::string hidden = "128";
  std::string activation = "relu";
  std::int64_t dendrites = 16, somata = 64, synapses = 16, layers = 1;
  std::string dendrite_activation = "leaky_relu(0.1)";
  std::string soma_activation = "leaky_relu(0.1)";
  double dropout = 0.0;
  std::string normalize;  // none | feature | global; empty: not given (a model file's own, else none)
};

// Which data: a named data set of the catalog, four IDX/.npy files, or .npz archives.
struct DataOptions {
  std::string dataset = "mnist";
  std::string data_dir;  // default: $DENDRITE_DATA_DIR, else the setup script's cache
  std::string train_images, train_labels, test_images, test_labels;
  std::string data;                   // one .npz: x_train, y_train, x_test, y_test
  std::string train_data, test_data;  // two .npz archives of x and y
  int classes = 0;              // IDX files only (0: largest training label + 1)
  std::string cifar100_labels;  // fine | coarse ("" = fine)
  // How the command line gave them (not part of the configuration).
  bool need_train = true;
  bool dataset_given = false;  // --dataset appeared on the command line

  // Whether the data come from files of the user's own (any path given) rather than by name.
  bool from_files() const {
    return !train_images.empty() || !train_labels.empty() || !test_images.empty() || !test_labels.empty() ||
           !data.empty() || !train_data.empty() || !test_data.empty();
  }
};

// The training protocol beyond the optimizer: the lr schedule and early stopping.
struct ProtocolOptions {
  LrScheduleConfig lr_schedule;
  std::int64_t early_stop = -1;  // patience; -1: no early stopping
  double min_delta = 0.0;
  bool restore_best = true;
};

struct RunConfig {
  DataOptions data;
  ModelOptions model;
  std::int64_t epochs = 0;  // 0: the data set's default (data_set_default_epochs)
  std::int64_t batch = 128;
  std::uint64_t seed = 1;
  double validation = 0.1;   // fraction of the training set held out
  // How it is chosen (framework/data/validation_split.h): stratified (each class's share, shuffled
  // with the seed) | last (the file's last samples, the rule before this field existed).
  std::string validation_split = "stratified";
  double input_noise = 0.0;  // sigma of Gaussian noise added once, then clipped to [0, 1]
  bool sequential = false;   // the paper's sequential task: class-sorted, unshuffled training
  OptimizerConfig optimizer;
  ProtocolOptions protocol;
  int threads = 0;               // 0: one per core
  std::string impl = "sparse";   // sparse | masked: how the sparse layers compute

  // Error naming the field for a value out of its range (the checks that need no data and no
  // model: sizes, fractions, the optimizer, the schedule, early stopping).
  void check() const;
  // Every field, flat, under its key.
  nlohmann::json to_json() const;
  // The fields `j` holds over the defaults; Error naming the field for an unknown key, a value of
  // the wrong type (an integer field given 1.5), a non-finite number or a string with a NUL byte.
  static RunConfig from_json(const nlohmann::json& j);
};

enum class FieldRole { identity, steering, none };
enum class FieldGroup { data, model, protocol, runtime };

struct RunConfigField {
  const char* key;  // the train option without dashes, '_' for '-'
  FieldGroup group;
  FieldRole role;
};

// Calls f(field, value) for every field of `c` (a RunConfig or a const one), value being a
// reference to the member: std::string, std::int64_t, std::uint64_t, int, double or bool. This is
// the one list of the fields; adding a field to RunConfig means adding its line here (a test
// fails when a field of the defaults' JSON is not listed).
template <class Config, class F>
void for_each_run_config_field(Config& c, F&& f) {
  using G = FieldGroup;
  using R = FieldRole;
  f(RunConfigField{"dataset", G::data, R::identity}, c.data.dataset);
  f(RunConfigField{"data_dir", G::data, R::none}, c.data.data_dir);
  f(RunConfigField{"train_images", G::data, R::identity}, c.data.train_images);
  f(RunConfigField{"train_labels", G::data, R::identity}, c.data.train_labels);
  f(RunConfigField{"test_images", G::data, R::identity}, c.data.test_images);
  f(RunConfigField{"test_labels", G::data, R::identity}, c.data.test_labels);
  f(RunConfigField{"data", G::data, R::identity}, c.data.data);
  f(RunConfigField{"train_data", G::data, R::identity}, c.data.train_data);
  f(RunConfigField{"test_data", G::data, R::identity}, c.data.test_data);
  f(RunConfigField{"classes", G::data, R::identity}, c.data.classes);
  f(RunConfigField{"cifar100_labels", G::data, R::identity}, c.data.cifar100_labels);
  f(RunConfigField{"model", G::model, R::identity}, c.model.model);
  f(RunConfigField{"model_file", G::model, R::identity}, c.model.model_file);
  f(RunConfigField{"hidden", G::model, R::identity}, c.model.hidden);
  f(RunConfigField{"activation", G::model, R::identity}, c.model.activation);
  f(RunConfigField{"dendrites", G::model, R::identity}, c.model.dendrites);
  f(RunConfigField{"somata", G::model, R::identity}, c.model.somata);
  f(RunConfigField{"synapses", G::model, R::identity}, c.model.synapses);
  f(RunConfigField{"layers", G::model, R::identity}, c.model.layers);
  f(RunConfigField{"dendrite_activation", G::model, R::identity}, c.model.dendrite_activation);
  f(RunConfigField{"soma_activation", G::model, R::identity}, c.model.soma_activation);
  f(RunConfigField{"dropout", G::model, R::identity}, c.model.dropout);
  f(RunConfigField{"normalize", G::model, R::identity}, c.model.normalize);
  f(RunConfigField{"epochs", G::protocol, R::steering}, c.epochs);
  f(RunConfigField{"batch", G::protocol, R::identity}, c.batch);
  f(RunConfigField{"seed", G::protocol, R::identity}, c.seed);
  f(RunConfigField{"validation", G::protocol, R::identity}, c.validation);
  f(RunConfigField{"validation_split", G::protocol, R::identity}, c.validation_split);
  f(RunConfigField{"input_noise", G::protocol, R::identity}, c.input_noise);
  f(RunConfigField{"sequential", G::protocol, R::identity}, c.sequential);
  f(RunConfigField{"impl", G::protocol, R::steering}, c.impl);
  f(RunConfigField{"optimizer", G::protocol, R::identity}, c.optimizer.type);
  f(RunConfigField{"lr", G::protocol, R::steering}, c.optimizer.lr);
  f(RunConfigField{"momentum", G::protocol, R::steering}, c.optimizer.momentum);
  f(RunConfigField{"nesterov", G::protocol, R::steering}, c.optimizer.nesterov);
  f(RunConfigField{"beta1", G::protocol, R::steering}, c.optimizer.beta1);
  f(RunConfigField{"beta2", G::protocol, R::steering}, c.optimizer.beta2);
  f(RunConfigField{"eps", G::protocol, R::steering}, c.optimizer.eps);
  f(RunConfigField{"weight_decay", G::protocol, R::steering}, c.optimizer.weight_decay);
  f(RunConfigField{"lr_schedule", G::protocol, R::identity}, c.protocol.lr_schedule.kind);
  f(RunConfigField{"warmup_epochs", G::protocol, R::identity}, c.protocol.lr_schedule.warmup_epochs);
  f(RunConfigField{"lr_step_size", G::protocol, R::steering}, c.protocol.lr_schedule.step_size);
  f(RunConfigField{"lr_gamma", G::protocol, R::steering}, c.protocol.lr_schedule.gamma);
  f(RunConfigField{"lr_min", G::protocol, R::steering}, c.protocol.lr_schedule.min_lr);
  f(RunConfigField{"lr_factor", G::protocol, R::steering}, c.protocol.lr_schedule.factor);
  f(RunConfigField{"lr_patience", G::protocol, R::steering}, c.protocol.lr_schedule.patience);
  f(RunConfigField{"early_stop", G::protocol, R::steering}, c.protocol.early_stop);
  f(RunConfigField{"min_delta", G::protocol, R::steering}, c.protocol.min_delta);
  f(RunConfigField{"restore_best", G::protocol, R::steering}, c.protocol.restore_best);
  f(RunConfigField{"threads", G::runtime, R::none}, c.threads);
}

// Every field, in the order of the list.
const std::vector<RunConfigField>& run_config_fields();
// The field of `key`, or null.
const RunConfigField* find_run_config_field(const std::string& key);

// The data set's name, or "idx" for files.
std::string data_set_label(const DataOptions& d);

// The epochs a run trains for when --epochs is not given: the paper's for a named data set
// (framework/data/catalog.h), kDefaultOwnDataEpochs for files of the user's own.
std::int64_t resolved_epochs(const RunConfig& c, const std::string& dataset_label);

// The canonical form: every field that shapes the result (role identity or steering) except the
// data's, with options the run does not use left out (the mlp's sizes for a dANN, SGD's momentum
// under Adam, the schedule's parameters its kind does not read), values normalised (activations
// as ActivationSpec writes them, the mlp's hidden widths as the spec has them, the epochs
// resolved). `spec` is the model built from c.model; equal canonical forms are the same run.
// validation_split is left out when it is "last" (the rule of every run before the field
// existed, so a store of that time keeps its keys for such runs) and when nothing is held out.
nlohmann::json canonical_run_config(const RunConfig& c, const ModelSpec& spec, std::int64_t epochs);

// A run configuration as a checkpoint records it (under "run"): this struct's to_json, or the
// nested form of checkpoints written before RunConfig ({"optimizer": {"type": ...}, "lr_schedule":
// {"kind": ...}, "data": {...}}), turned into flat keys. Only the keys it records are returned.
nlohmann::json recorded_run_config(const nlohmann::json& run);

// The resume rule, field by field over what a checkpoint recorded (flat keys, as returned by
// recorded_run_config): an identity field takes the recorded value, and `given(key)` (the command
// line set it) with another value is a UsageError from `contradiction`; a steering field takes the
// recorded value unless given, and a given value that differs is returned as a change line
// ("resume: --lr 0.001 -> 0.0005 (from the command line)"). The data fields are left to the
// caller (the data set's name and the files' paths, which may have moved). Whether early stopping is on is an identity, its patience
// steering.
struct ResumeRule {
  std::function<bool(const std::string& key)> given;
  std::function<void(const std::string& message)> contradiction;  // throws
};
std::vector<std::string> apply_recorded_run_config(RunConfig& c, const nlohmann::json& recorded,
                                                   const ResumeRule& rule, const std::string& source);

}  // namespace dendrite
