// Between the public API's value types (include/dendrite/*.h) and the framework's own: the only
// place that knows both. The public headers never name a framework type; the API's sources go
// through these functions.
#pragma once

#include "dendrite/data.h"
#include "dendrite/description.h"
#include "dendrite/training.h"
#include "framework/core/error.h"
#include "framework/data/dataset.h"
#include "framework/model/model_spec.h"
#include "framework/train/trainer.h"
#include "framework/train/training_run.h"

namespace dendrite::api {

ModelSpec to_spec(const ModelDescription& d);
ModelDescription from_spec(const ModelSpec& spec);

// The API's training configuration as a RunConfig (checked; Error naming the field), and as the
// Trainer takes it (with the API's shuffle flag and output files).
RunConfig to_run_config(const TrainingConfig& c);
TrainConfig to_train_config(const TrainingConfig& c);
Evaluation from_eval(const EvalStats& e);
EpochReport from_epoch(const EpochStats& s, std::int64_t epochs);

// A DataSet's samples as the framework holds them, and a framework data set as a DataSet.
class DataSetAccess {
 public:
  static const Dataset& dataset(const DataSet& d);
  static DataSet wrap(Dataset d);
};

}  // namespace dendrite::api
