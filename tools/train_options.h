// The options of `dendrite train`, and what --resume does with them: a run records its options
// in its checkpoints (under "run"), and a resumed run takes them back from there.
//
//   TrainOptions o;                              // filled by CLI11 (train_command.cpp)
//   RunOptions run = run_options(o);             // the framework's run (training_run.h)
//   TrainConfig cfg = train_config(o);           // epochs, batch, seed, optimizer, quiet
//   cfg.run_info = run_options_json(o);          // saved with every checkpoint
//   changes = apply_checkpoint_options(o, cmd, ckpt);  // --resume: UsageError for contradictions
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "framework/optim/optimizer.h"
#include "framework/train/checkpoint.h"
#include "framework/train/training_run.h"
#include "tools/cli_common.h"
#include "tools/data_options.h"
#include "tools/model_options.h"
#include "tools/onnx_options.h"

namespace dendrite::tools {

struct TrainOptions {
  DataOptions data;
  ModelOptions model;
  OnnxTrainOptions onnx;  // --export, --init
  std::int64_t epochs = 0;  // 0: the paper's epochs for the data set
  std::int64_t batch = 128;
  std::uint64_t seed = 1;
  double validation = 0.1;
  double input_noise = 0.0;
  bool sequential = false;
  OptimizerConfig optimizer;
  std::string out_dir, checkpoint, log, summary, resume;
  int threads = 0;
  std::string impl = "sparse";  // --impl: sparse | masked (how the sparse layers run; not saved)
  bool quiet = false, no_progress = false, overwrite = false;
};

// The options as the framework's run takes them (no files, no signals, no resume):
RunOptions run_options(const TrainOptions& o);   // data set label, split, noise, order, impl
TrainConfig train_config(const TrainOptions& o);  // epochs, batch, seed, optimizer, quiet

// The options that shape the run (run_info_json of the two above, and the IDX paths of an idx
// data set): data set, split, noise, order, seed, batch, epochs and the optimizer's configuration.
nlohmann::json run_options_json(const TrainOptions& o);

// --resume continues the recorded run, by one rule: every option the checkpoint records defaults
// to the recorded value, and a value given on the command line is compared with it.
//  - What the finished epochs were computed from (data set, split, noise, order, seed, batch,
//    optimizer type; the model) cannot change: a different value is a UsageError, because the
//    result would be neither the recorded run nor a fresh one.
//  - What only steers the epochs to come (--epochs, not below the completed epochs; the
//    optimizer's settings --lr, --momentum, --nesterov, --beta1, --beta2, --eps, --weight-decay;
//    the paths of IDX files, which may have moved) takes the command line's value, and each
//    change is printed on stderr: "resume: --lr 0.001 -> 0.0005 (from the command line)".
// Options a checkpoint does not record (threads, --impl, outputs, messages) are taken from the
// command line as in any run; a checkpoint that records none of this leaves the options as they are.
// Returns one line per changed option, for the caller to print once every option is checked.
std::vector<std::string> apply_checkpoint_options(TrainOptions& o, const CLI::App& cmd, const Checkpoint& ckpt);

// The model name a checkpoint records ("model" when it records none).
std::string checkpoint_model_name(const Checkpoint& ckpt);

}  // namespace dendrite::tools
