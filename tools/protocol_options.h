// The training-protocol options of `dendrite train`: the learning-rate schedule (PyTorch's
// schedulers, per epoch, after an optional linear warmup) and early stopping on the validation
// loss (Keras' EarlyStopping with restore_best_weights).
//
//   ProtocolOptions p;
//   add_protocol_options(cmd, p);                          // --lr-schedule, --early-stop, ...
//   check_protocol_options(cmd, p, lr, epochs, validation);  // UsageError (exit 2) before any data
//   cfg.lr_schedule = p.lr_schedule;
//   cfg.early_stopping = early_stopping_config(p);
#pragma once

#include <cstdint>
#include <optional>

#include <CLI/CLI.hpp>

#include "framework/train/run_config.h"
#include <nlohmann/json.hpp>

#include "framework/optim/lr_schedule.h"
#include "framework/train/early_stopping.h"

namespace dendrite::tools {

// ProtocolOptions: framework/train/run_config.h.

void add_protocol_options(CLI::App& cmd, ProtocolOptions& o);

// UsageError naming the option for: an option the chosen schedule does not read (--lr-gamma with
// cosine), --min-delta or --(no-)restore-best without --early-stop, a schedule that does not fit
// the run (--warmup-epochs not below --epochs with cosine, --lr-min not below --lr, step without
// --lr-step-size), and early stopping or the plateau schedule without a validation split.
void check_protocol_options(const CLI::App& cmd, const ProtocolOptions& o, double lr, std::int64_t epochs,
                            double validation);

std::optional<EarlyStoppingConfig> early_stopping_config(const ProtocolOptions& o);


}  // namespace dendrite::tools
