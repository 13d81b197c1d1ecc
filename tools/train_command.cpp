// dendrite train: train a model on a data set, evaluate it on the test set, write a checkpoint,
// a JSON Lines log and a JSON summary (and an ONNX file with --export).
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "framework/core/rng.h"
#include "framework/model/variants.h"
#include "framework/train/checkpoint.h"
#include "framework/train/model_io.h"
#include "framework/train/progress.h"
#include "framework/train/trainer.h"
#include "tools/cli_common.h"
#include "tools/commands.h"
#include "tools/model_options.h"
#include "tools/onnx_options.h"
#include "tools/stop_signals.h"
#include "tools/train_options.h"

namespace dendrite::tools {

std::int64_t default_train_epochs(const std::string& dataset) {
  if (dataset == "mnist") return 15;
  if (dataset == "fashion-mnist") return 25;
  return 10;
}

void add_train_options(CLI::App& cmd, TrainOptions& o) {
  add_data_options(cmd, o.data, /*need_train=*/true);
  add_model_options(cmd, o.model);
  add_onnx_train_options(cmd, o.onnx);
  cmd.add_option("--epochs", o.epochs, "epochs (default: 15 for mnist, 25 for fashion-mnist, 10 otherwise)")
      ->check(positive_number());
  cmd.add_option("--batch", o.batch, "mini-batch size")->capture_default_str()->check(positive_number());
  cmd.add_option("--seed", o.seed, "seed of initialisation, connectivity, shuffling, dropout, noise")
      ->capture_default_str()
      ->check(non_negative_integer());
  cmd.add_option("--validation", o.validation, "fraction of the training set held out (the last samples)")
      ->capture_default_str()->check(fraction_below_one());
  cmd.add_option("--input-noise", o.input_noise, "sigma of Gaussian noise added once to all data, then clipped to [0,1]")
      ->check(finite_range(0.0, 10.0));
  cmd.add_flag("--sequential", o.sequential, "class-sorted, unshuffled training (the paper's sequential task)");
  cmd.add_option("--optimizer", o.optimizer.type, "sgd | adam | adamw")->capture_default_str();
  cmd.add_option("--lr", o.optimizer.lr, "learning rate")->capture_default_str();
  cmd.add_option("--momentum", o.optimizer.momentum, "SGD momentum")->capture_default_str();
  cmd.add_flag("--nesterov", o.optimizer.nesterov, "SGD with Nesterov momentum");
  cmd.add_option("--beta1", o.optimizer.beta1, "Adam beta1")->capture_default_str();
  cmd.add_option("--beta2", o.optimizer.beta2, "Adam beta2")->capture_default_str();
  cmd.add_option("--eps", o.optimizer.eps, "Adam epsilon (1e-7 as in the paper's Keras runs)")->capture_default_str();
  cmd.add_option("--weight-decay", o.optimizer.weight_decay, "weight decay (L2 for sgd/adam, decoupled for adamw)")
      ->capture_default_str();
  cmd.add_option("--out", o.out_dir, "output folder for checkpoint.ckpt, log.jsonl, summary.json (default: runs/<model>-<dataset>-s<seed>)");
  cmd.add_option("--checkpoint", o.checkpoint, "checkpoint path, written after every epoch and on SIGINT/SIGTERM");
  cmd.add_option("--log", o.log, "JSON Lines log, one object per epoch");
  cmd.add_option("--summary", o.summary, "JSON summary of the run");
  cmd.add_option("--resume", o.resume, "continue the run saved in this checkpoint (its folder is the default --out)");
  cmd.add_flag("--overwrite", o.overwrite, "start afresh even if the output folder holds a checkpoint");
  add_threads_option(cmd, o.threads);
  cmd.add_option("--impl", o.impl,
                 "sparse layers: sparse (only existing connections) | masked (dense with the mask applied, as the "
                 "paper's reference code; same results, for comparison)")
      ->capture_default_str()
      ->check(CLI::IsMember({"sparse", "masked"}));
  cmd.add_flag("--quiet", o.quiet, "no per-epoch lines");
  cmd.add_flag("--no-progress", o.no_progress, "no live progress line");
}

void load_data_sets(const DataOptions& d, Dataset& train, Dataset& test) {
  const DatasetFiles files = resolve_data_files(d);
  train = load_idx_dataset(files.train_images, files.train_labels, 0);
  test = load_idx_dataset(files.test_images, files.test_labels, train.num_classes);
}

void prepare_loaded_data(const TrainOptions& o, Dataset full, Dataset& train, Dataset& validation, Dataset& test) {
  if (o.input_noise > 0) {
    // One noise draw from the seed, for train, validation and test alike (the paper's noise
    // protocol), on data of this run's own (a sweep worker keeps the loaded data for its next runs).
    if (!full.images.sole_owner()) full.images = full.images.clone();
    if (!test.images.sole_owner()) test.images = test.images.clone();
    Rng noise(o.seed ^ 0x6e6f697365ULL);
    add_input_noise(full, o.input_noise, noise);
    add_input_noise(test, o.input_noise, noise);
  }
  std::tie(train, validation) = split_validation(std::move(full), o.validation);
  if (o.sequential) sort_by_class(train);
}

TrainConfig train_config(const TrainOptions& o) {
  TrainConfig cfg;
  cfg.epochs = o.epochs;
  cfg.batch = o.batch;
  cfg.seed = o.seed;
  cfg.shuffle = !o.sequential;
  cfg.optimizer = o.optimizer;
  cfg.quiet = o.quiet;
  cfg.run_info = run_options_json(o);
  return cfg;
}

nlohmann::json summary_json(const Model& model, const TrainOptions& o, const TrainResult& r,
                            const EvalStats& test) {
  nlohmann::json j = model_summary_json(model);
  j["dataset"] = data_set_label(o.data);
  j["epochs"] = r.history.size();
  j["batch"] = o.batch;
  j["seed"] = o.seed;
  j["optimizer"] = o.optimizer.type;
  j["lr"] = o.optimizer.lr;
  j["impl"] = o.impl;
  j["test_accuracy"] = test.accuracy;
  j["test_loss"] = test.loss;
  j["seconds_per_epoch"] = r.mean_train_seconds();
  j["train_samples_per_second"] = r.train_samples_per_second();
  if (!r.history.empty()) {
    j["val_accuracy"] = r.history.back().validation.accuracy;
    j["val_loss"] = r.history.back().validation.loss;
    std::size_t best = 0;
    for (std::size_t i = 1; i < r.history.size(); ++i)
      if (r.history[i].validation.loss < r.history[best].validation.loss) best = i;
    j["best_val_loss_epoch"] = r.history[best].epoch;
  }
  j["framework_version"] = framework_version();
  return j;
}

// The model of a fresh run; errors that only the data can reveal (k larger than the input, RF
// connectivity on data that is not an image) name the --model-file they come from.
Model build_fresh_model(const ModelSpec& spec, const Dataset& train, const ModelOptions& options) {
  try {
    return build_model(adapt_to_data(spec, train));
  } catch (const Error& e) {
    if (options.model_file.empty()) throw;
    throw Error(fmt::format("'{}': {}", options.model_file, e.what()));
  }
}

namespace {

void prepare_data(const TrainOptions& o, Dataset& train, Dataset& validation, Dataset& test) {
  Dataset full;
  load_data_sets(o.data, full, test);
  prepare_loaded_data(o, std::move(full), train, validation, test);
}

int run(TrainOptions& o, CLI::App& cmd) {
  // Everything that can be checked before reading data is checked here (exit code 2).
  validate_data_options(o.data);
  ModelSpec spec;
  std::unique_ptr<Checkpoint> resume;
  if (!o.resume.empty()) {
    DENDRITE_USAGE_CHECK(!model_options_given(cmd), "--resume takes the model from the checkpoint; drop the model options");
    DENDRITE_USAGE_CHECK(!o.overwrite, "--overwrite starts a new run and --resume continues one; give one of them");
    resume = std::make_unique<Checkpoint>(load_checkpoint(o.resume));
    apply_checkpoint_options(o, cmd, *resume);
    validate_data_options(o.data);
  } else if (o.onnx.init_path.empty()) {
    DENDRITE_USAGE_CHECK(o.model.model_file.empty() || cmd.count("--model") == 0,
                         "--model-file describes the whole model; drop --model");
    spec = model_spec_from_options(o.model, o.seed);
  }
  try {
    validate_optimizer_config(o.optimizer);
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  check_onnx_train_options(o.onnx, cmd, resume != nullptr);
  if (o.epochs == 0) o.epochs = default_train_epochs(data_set_label(o.data));

  // Output paths, decided before any work: a fresh run never overwrites a previous run's checkpoint.
  std::string model_name = spec.name;
  if (resume) model_name = checkpoint_model_name(*resume);
  if (!o.onnx.init_path.empty()) model_name = "init";
  const std::string dir = !o.out_dir.empty() ? o.out_dir
      : resume ? std::filesystem::path(o.resume).parent_path().lexically_normal().string()
      : fmt::format("runs/{}-{}-s{}", model_name, data_set_label(o.data), o.seed);
  const auto in_dir = [&dir](const char* file) { return (std::filesystem::path(dir) / file).string(); };
  const std::string checkpoint_path = o.checkpoint.empty() ? in_dir("checkpoint.ckpt") : o.checkpoint;
  const std::string log_path = o.log.empty() ? in_dir("log.jsonl") : o.log;
  const std::string summary_path = o.summary.empty() ? in_dir("summary.json") : o.summary;
  check_distinct_outputs({{"--checkpoint", checkpoint_path}, {"--log", log_path}, {"--summary", summary_path},
                          {"--export", o.onnx.export_path}},
                         {{"--init", o.onnx.init_path}, {"--train-images", o.data.train_images},
                          {"--train-labels", o.data.train_labels}, {"--test-images", o.data.test_images},
                          {"--test-labels", o.data.test_labels}});
  // Training creates the missing folders of its outputs (below, before the first batch).
  check_output_path(o.checkpoint.empty() ? "--out" : "--checkpoint", checkpoint_path, true);
  check_output_path(o.log.empty() ? "--out" : "--log", log_path, true);
  check_output_path(o.summary.empty() ? "--out" : "--summary", summary_path, true);
  if (!o.onnx.export_path.empty()) check_output_path("--export", o.onnx.export_path, true);
  if (!resume) {
    DENDRITE_USAGE_CHECK(o.overwrite || !std::filesystem::exists(checkpoint_path),
                         "'{}' holds a previous run; continue it with --resume {}, choose another --out, or "
                         "pass --overwrite", checkpoint_path, checkpoint_path);
  }
  apply_threads(o.threads);
  // From here on, Ctrl-C and SIGTERM stop cleanly, at the latest after one batch (the trainer then
  // writes a checkpoint; checkpoint writes are atomic, so a second signal loses at most that epoch).
  const std::atomic<bool>& stop = catch_stop_signals();

  Dataset train, validation, test;
  prepare_data(o, train, validation, test);

  Model model = resume ? model_from_checkpoint(*resume, o.resume)
                : !o.onnx.init_path.empty() ? model_from_onnx_init(o.onnx, train)
                : build_fresh_model(spec, train, o.model);
  if (o.impl == "masked") model = rebuild_model(model, {SparseImpl::masked});
  for (const std::string& path : {checkpoint_path, log_path, summary_path, o.onnx.export_path}) {
    const std::filesystem::path folder = std::filesystem::path(path).parent_path();
    if (!folder.empty()) std::filesystem::create_directories(folder);
  }
  if (!resume) std::filesystem::remove(log_path);  // a fresh run starts a fresh log
  TrainConfig cfg = train_config(o);
  cfg.checkpoint_path = checkpoint_path;
  cfg.log_path = log_path;
  cfg.progress = !o.no_progress && stderr_is_terminal();
  cfg.stop = &stop;

  Trainer trainer(model, cfg);
  if (resume) trainer.load_checkpoint(o.resume);
  if (!o.quiet) {
    std::fprintf(stderr, "model %s on %s: %lld train, %lld validation, %lld test samples\n%s",
                 model.spec.name.c_str(), data_set_label(o.data).c_str(), static_cast<long long>(train.size()),
                 static_cast<long long>(validation.size()), static_cast<long long>(test.size()),
                 model_summary_table(model).c_str());
  }
  if (stop.load()) {  // before the first batch: nothing new to save
    std::fprintf(stderr, "interrupted before training started; no checkpoint was written\n");
    return 130;
  }
  const TrainResult result = trainer.fit(train, validation);
  default_stop_signals();
  if (result.interrupted) {
    std::fprintf(stderr, "interrupted: checkpoint written to %s; continue with --resume %s\n",
                 cfg.checkpoint_path.c_str(), cfg.checkpoint_path.c_str());
    return 130;
  }
  const EvalStats test_stats = trainer.evaluate(test);
  const nlohmann::json summary = summary_json(model, o, result, test_stats);
  write_text_file(summary_path, summary.dump(2) + "\n");
  std::printf("test accuracy %.4f  test loss %.4f  (%lld parameters, %.2f s/epoch)\n", test_stats.accuracy,
              test_stats.loss, static_cast<long long>(model.parameter_count()), result.mean_train_seconds());
  // The exported file holds the sparse layers whatever --impl computed them with.
  export_after_training(o.impl == "masked" ? rebuild_model(model, {}) : model, o.onnx, data_set_label(o.data),
                        test_stats.accuracy);
  return 0;
}

}  // namespace

Command make_train_command() {
  auto o = std::make_shared<TrainOptions>();
  Command c;
  c.name = "train";
  c.description = "train a model (mlp or a dANN variant) on MNIST, Fashion-MNIST or IDX files";
  c.add_options = [o](CLI::App& cmd) { add_train_options(cmd, *o); };
  c.run = [o](CLI::App& cmd) { return run(*o, cmd); };
  return c;
}

}  // namespace dendrite::tools
