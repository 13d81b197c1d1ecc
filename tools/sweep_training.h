// One sweep run in a worker: a configuration trained on the data the worker holds, by the
// framework's run of `dendrite train` (run_training: data preparation, model, Trainer, test,
// summary), with the options parsed and turned into its RunOptions and TrainConfig as train does.
// Nothing is written and nothing printed.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "framework/data/dataset.h"
#include "framework/sweep/run_record.h"
#include "framework/train/trainer.h"

namespace dendrite::tools {

// train: the whole training set as loaded (the run splits off its validation part); test: the
// test set. Neither is changed. Throws Error when the run fails (bad option, a model that does not
// fit the data, a non-finite loss).
RunSummary train_configuration(const nlohmann::json& config, const std::string& dataset, const Dataset& train,
                               const Dataset& test);

}  // namespace dendrite::tools
