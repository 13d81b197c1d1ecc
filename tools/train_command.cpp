// dendrite train: train a model on a data set, evaluate it on the test set, write a checkpoint,
// a JSON Lines log and a JSON summary (and an ONNX file with --export).
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "framework/core/file_io.h"
#include "framework/core/file_lock.h"
#include "framework/model/model_rewrite.h"
#include "framework/train/checkpoint.h"
#include "framework/train/model_io.h"
#include "framework/train/progress.h"
#include "framework/train/run_log.h"
#include "framework/train/training_run.h"
#include "tools/cli_common.h"
#include "tools/commands.h"
#include "tools/model_options.h"
#include "tools/onnx_options.h"
#include "tools/run_folder.h"
#include "tools/stop_signals.h"
#include "tools/train_options.h"

namespace dendrite::tools {

void add_train_options(CLI::App& cmd, TrainOptions& o) {
  add_data_options(cmd, o.data, /*need_train=*/true);
  add_model_options(cmd, o.model);
  add_onnx_train_options(cmd, o.onnx);
  cmd.add_option("--epochs", o.epochs, "epochs (default: the paper's for a named data set: 15 for mnist, 25 for fashion-mnist and kmnist, 50 for "
                 "emnist and cifar; 10 for IDX files)")
      ->check(positive_integer());
  cmd.add_option("--batch", o.batch, "mini-batch size (at most the training samples)")->capture_default_str()->check(positive_integer());
  cmd.add_option("--seed", o.seed, "seed of initialisation, connectivity, shuffling, dropout, noise")
      ->capture_default_str()
      ->check(non_negative_integer());
  cmd.add_option("--validation", o.validation, "fraction of the training set held out for validation")
      ->capture_default_str()->check(fraction_below_one());
  cmd.add_option("--validation-split", o.validation_split,
                 "which samples are held out: stratified (each class's share, shuffled with --seed, as "
                 "scikit-learn's train_test_split(stratify=y)) | last (the last samples of the file, the rule "
                 "before stratified)")
      ->capture_default_str()
      ->check(CLI::IsMember({"stratified", "last"}));
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
  add_protocol_options(cmd, o.protocol);
  cmd.add_option("--out", o.out_dir, "output folder for checkpoint.ckpt, log.jsonl, summary.json, with --early-stop "
                 "best.ckpt (default: runs/<model>-<dataset>-s<seed>)");
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

namespace {

// The files of the data set, read and checked, and prepared as the options say (noise, split, order).
RunData load_data(const TrainOptions& o, const RunOptions& run, bool normalized) {
  TrainTest data = load_checked_data(o.data, DataWarnings{true, normalized});
  print_validation_split_warnings(data.train, o.validation, o.validation_split);
  return prepare_run_data(std::move(data.train), std::move(data.test), run.data, o.seed);
}

// The model of a fresh run (its input stage fitted to the training split); errors that only the
// data can reveal (k larger than the input, RF connectivity on data that is not an image) name the
// --model-file they come from.
Model build_fresh_model(const ModelSpec& spec, const Dataset& train, const ModelOptions& options) {
  try {
    return build_for_data(spec, train);
  } catch (const Error& e) {
    if (options.model_file.empty()) throw;
    throw Error(fmt::format("'{}': {}", options.model_file, e.what()));
  }
}

int run(TrainOptions& o, CLI::App& cmd) {
  // Everything that can be checked before reading data is checked here (exit code 2).
  validate_data_options(o.data);
  ModelSpec spec;
  std::unique_ptr<Checkpoint> resume;
  std::vector<std::string> resume_changes;  // printed once the checkpoint is loaded
  if (!o.resume.empty()) {
    DENDRITE_USAGE_CHECK(!model_options_given(cmd), "--resume takes the model from the checkpoint; drop the model options");
    resume = std::make_unique<Checkpoint>(load_checkpoint(o.resume));
    resume_changes = apply_checkpoint_options(o, cmd, *resume);
    validate_data_options(o.data);
  } else if (o.onnx.init_path.empty()) {
    DENDRITE_USAGE_CHECK(o.model.model_file.empty() || cmd.count("--model") == 0,
                         "--model-file describes the whole model; drop --model");
    check_model_options_apply(cmd, o.model);
    spec = model_spec_from_options(o.model, o.seed);
  }
  try {
    validate_optimizer_config(o.optimizer);
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  check_onnx_train_options(o.onnx, cmd, resume != nullptr);
  o.epochs = resolved_epochs(o, data_set_label(o.data));
  check_protocol_options(cmd, o.protocol, o.optimizer.lr, o.epochs, o.validation);

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
  // With early stopping, the best epoch's model goes beside the checkpoint.
  const std::string best_path = o.protocol.early_stop < 0 ? std::string()
      : (std::filesystem::path(checkpoint_path).parent_path() / "best.ckpt").string();
  check_distinct_outputs({{"--checkpoint", checkpoint_path}, {"--log", log_path}, {"--summary", summary_path},
                          {"--export", o.onnx.export_path}, {"best.ckpt (--early-stop)", best_path}},
                         {{"--init", o.onnx.init_path}, {"--train-images", o.data.train_images},
                          {"--train-labels", o.data.train_labels}, {"--test-images", o.data.test_images},
                          {"--test-labels", o.data.test_labels}});
  // Training creates the missing folders of its outputs (below, before the first batch).
  check_output_path(o.checkpoint.empty() ? "--out" : "--checkpoint", checkpoint_path, true);
  check_output_path(o.log.empty() ? "--out" : "--log", log_path, true);
  check_output_path(o.summary.empty() ? "--out" : "--summary", summary_path, true);
  if (!o.onnx.export_path.empty()) check_output_path("--export", o.onnx.export_path, true);
  if (!best_path.empty()) check_output_path("--early-stop (best.ckpt)", best_path, true);
  // One run per folder; the lock is taken before the folder's contents are looked at, and no run
  // replaces another's files without --overwrite, resumed or not.
  const RunFolderRule folder_rule = run_folder_rule(checkpoint_path, o.resume, o.overwrite);
  const FileLock lock = FileLock::for_folder(dir, kRunFolderAdvice);
  remove_stale_temporaries_of({checkpoint_path, log_path, summary_path, o.onnx.export_path, best_path}, o.quiet);
  check_no_other_run(checkpoint_path, folder_rule);
  // The data's geometry (its definition, or the IDX headers) before the data itself: a model that
  // cannot be built on it is a usage error, and train/test shapes that differ an error, at once.
  const DataShapes shapes = peek_data(o.data);
  if (!resume && o.onnx.init_path.empty()) check_model_fits_input(spec, shapes.train, o.model);
  apply_threads(o.threads);
  // From here on, Ctrl-C and SIGTERM stop cleanly, at the latest after one batch (the trainer then
  // writes a checkpoint; checkpoint writes are atomic, so a second signal loses at most that epoch).
  const std::atomic<bool>& stop = catch_stop_signals();

  RunOptions run = run_options(o);
  run.resume = o.resume;
  run.after_training = default_stop_signals;
  run.after_resume = [&resume_changes] {
    for (const std::string& line : resume_changes) std::fprintf(stderr, "%s\n", line.c_str());
  };
  // The model's input stage: the spec's (a model file's own included), else the recorded option.
  const std::string normalize = spec.name.empty() ? o.model.normalize : spec.normalize;
  RunData data = load_data(o, run, normalize == "feature" || normalize == "global");

  Model model = resume ? model_from_checkpoint(*resume, o.resume)
                : !o.onnx.init_path.empty() ? model_from_onnx_init(o.onnx, data.train)
                : build_fresh_model(spec, data.train, o.model);
  for (const std::string& path : {checkpoint_path, log_path, summary_path, o.onnx.export_path}) {
    const std::filesystem::path folder = std::filesystem::path(path).parent_path();
    if (!folder.empty()) std::filesystem::create_directories(folder);
  }
  // The log holds the completed epochs: none for a fresh run, the checkpoint's for a resumed one.
  if (resume) rewrite_epoch_log(log_path, *resume);
  else write_file_atomic(log_path, "");
  TrainConfig cfg = train_config(o);
  cfg.quiet = o.quiet;
  cfg.checkpoint_path = checkpoint_path;
  cfg.best_checkpoint_path = best_path;
  cfg.log_path = log_path;
  cfg.progress = !o.no_progress && stderr_is_terminal();
  cfg.stop = &stop;
  cfg.run_info = run_options_json(o);

  // The impl switch, the epochs, the test and the summary: the framework's run, which a sweep runs
  // too (with prepare_run_data above).
  const RunOutcome r = run_training(std::move(data), std::move(model), run, cfg);
  if (!r.started) {  // stopped before the first batch: nothing new to save
    std::fprintf(stderr, "interrupted before training started; no checkpoint was written\n");
    return 130;
  }
  if (r.result.interrupted) {
    std::fprintf(stderr, "interrupted: checkpoint written to %s; continue with --resume %s\n",
                 cfg.checkpoint_path.c_str(), cfg.checkpoint_path.c_str());
    return 130;
  }
  write_text_file(summary_path, r.summary.to_json(/*with_history=*/false).dump(2) + "\n");
  std::printf("test accuracy %.4f  test loss %.4f  (%lld parameters, %.2f s/epoch)\n", r.test.accuracy,
              r.test.loss, static_cast<long long>(r.model.parameter_count()), r.result.mean_train_seconds());
  // The exported file holds the sparse layers whatever --impl computed them with.
  export_after_training(run.impl == SparseImpl::masked ? rebuild_model(r.model, {}) : r.model, o.onnx, run.dataset,
                        r.test.accuracy);
  return 0;
}

}  // namespace

Command make_train_command() {
  auto o = std::make_shared<TrainOptions>();
  Command c;
  c.name = "train";
  c.description = "train a model (mlp or a dANN variant) on a named data set or IDX files";
  c.add_options = [o](CLI::App& cmd) { add_train_options(cmd, *o); };
  c.run = [o](CLI::App& cmd) { return run(*o, cmd); };
  return c;
}

}  // namespace dendrite::tools
