// The JSON Lines log of a training run (log.jsonl): one object per completed epoch, the epoch's
// record (EpochStats::to_json) plus "model". The checkpoint keeps the same records in its history,
// and that history is the truth: a run killed after it logged an epoch but before the epoch's
// checkpoint was written logs that epoch again when it resumes, so a resumed run first rewrites
// the log to exactly the epochs its checkpoint has completed.
//
//   append_epoch_log("run/log.jsonl", stats.to_json(), "dann-r");   // after every epoch
//   rewrite_epoch_log("run/log.jsonl", checkpoint);                  // on --resume, atomically
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "framework/train/checkpoint.h"

namespace dendrite {

// One log line (with its '\n').
std::string epoch_log_line(const nlohmann::json& record, const std::string& model);
// Appends one line; a failed write is an Error naming the log.
void append_epoch_log(const std::string& path, const nlohmann::json& record, const std::string& model);
// Replaces the log (atomically) with one line per epoch of the checkpoint's training history;
// Error naming the checkpoint when its history or model name is not what a trainer writes.
void rewrite_epoch_log(const std::string& path, const Checkpoint& ckpt);

}  // namespace dendrite
