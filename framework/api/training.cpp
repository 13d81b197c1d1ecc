// TrainingConfig, EpochReport and Evaluation to and from the Trainer's types.
#include "dendrite/training.h"

#include "framework/api/conversions.h"

namespace dendrite::api {

RunConfig to_run_config(const TrainingConfig& c) {
  DENDRITE_CHECK(c.epochs > 0, "TrainingConfig::epochs must be positive, got {}", c.epochs);
  DENDRITE_CHECK(c.batch > 0, "TrainingConfig::batch must be positive, got {}", c.batch);
  DENDRITE_CHECK(c.validation >= 0 && c.validation < 1, "TrainingConfig::validation must be in [0, 1), got {}",
                 c.validation);
  RunConfig r;
  r.epochs = c.epochs;
  r.batch = c.batch;
  r.seed = c.seed;
  r.validation = c.validation;
  r.optimizer.type = c.optimizer;
  r.optimizer.lr = c.learning_rate;
  r.optimizer.momentum = c.momentum;
  r.optimizer.weight_decay = c.weight_decay;
  try {
    r.check();
  } catch (const Error& e) {
    throw Error(fmt::format("TrainingConfig: {}", e.what()));
  }
  return r;
}

TrainConfig to_train_config(const TrainingConfig& c) {
  const RunConfig r = to_run_config(c);
  TrainConfig t = train_config(r);
  t.shuffle = c.shuffle;  // the API's own: the data's order without sorting it
  t.checkpoint_path = c.checkpoint;
  t.log_path = c.log;
  t.quiet = !c.verbose;
  return t;
}

Evaluation from_eval(const EvalStats& e) {
  Evaluation out;
  out.loss = e.loss;
  out.accuracy = e.accuracy;
  out.samples = e.samples;
  return out;
}

EpochReport from_epoch(const EpochStats& s, std::int64_t epochs) {
  EpochReport r;
  r.epoch = s.epoch;
  r.epochs = epochs;
  r.train = from_eval(s.train);
  if (s.validation) r.validation = from_eval(*s.validation);  // else samples 0: no validation split
  r.seconds = s.train_seconds;
  return r;
}

}  // namespace dendrite::api
