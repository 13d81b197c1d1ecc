// The options of `dendrite train`, and what --resume does with them: a run records its options
// in its checkpoints (under "run"), and a resumed run takes them back from there.
//
//   TrainOptions o;                              // filled by CLI11 (train_command.cpp)
//   RunOptions run = run_options(o);             // the framework's run (training_run.h)
//   TrainConfig cfg = train_config(o);           // epochs, batch, seed, optimizer, protocol
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
#include "tools/protocol_options.h"

namespace dendrite::tools {

// The run's configuration (RunConfig, bound to the options) and what only the command line says:
// where files go, resuming, printing.
struct TrainOptions : RunConfig {
  OnnxTrainOptions onnx;  // --export, --init
  std::string out_dir, checkpoint, log, summary, resume;
  bool quiet = false, no_progress = false, overwrite = false;
};

// Every option of `dendrite train`, bound to `o`. `dendrite sweep` parses each configuration of a
// grid through these same definitions, so a sweep run takes, and checks, what train takes.
void add_train_options(CLI::App& cmd, TrainOptions& o);
// The run configuration a checkpoint records: the options' RunConfig with the data set's label
// ("idx" for files) and the epochs resolved for the data set.
nlohmann::json run_options_json(const TrainOptions& o);

// --resume continues the recorded run, by the rule of RunConfig's field roles (run_config.h):
// every option the checkpoint records defaults to the recorded value, and a value given on the
// command line is compared with it.
//  - identity fields (data set, split, noise, order, seed, batch, optimizer type; the model, which
//    comes from the checkpoint; the lr schedule's kind and warmup; whether early stopping watches
//    the run) cannot change: a different value is a UsageError, because the result would be
//    neither the recorded run nor a fresh one.
//  - steering fields (--epochs, not below the completed epochs; the optimizer's settings; the
//    schedule's parameters; early stopping's patience, --min-delta, --(no-)restore-best; --impl)
//    take the command line's value, and each change is printed on stderr:
//    "resume: --lr 0.001 -> 0.0005 (from the command line)". So do the paths of IDX files, which
//    may have moved.
// Fields without a role (threads, the data folder) and what a checkpoint does not record are
// taken from the command line as in any run.
// Returns one line per changed option, for the caller to print once every option is checked.
std::vector<std::string> apply_checkpoint_options(TrainOptions& o, const CLI::App& cmd, const Checkpoint& ckpt);

// The model name a checkpoint records ("model" when it records none).
std::string checkpoint_model_name(const Checkpoint& ckpt);

}  // namespace dendrite::tools
