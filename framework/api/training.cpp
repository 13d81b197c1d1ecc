// TrainingConfig, EpochReport and Evaluation to and from the Trainer's types.
#include "dendrite/training.h"

#include "framework/api/conversions.h"
#include "framework/data/validation_split.h"

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
  r.validation_split = validation_split_name(parse_validation_split(c.validation_split));
  r.optimizer.type = c.optimizer;
  r.optimizer.lr = c.learning_rate;
  r.optimizer.momentum = c.momentum;
  r.optimizer.weight_decay = c.weight_decay;
  r.protocol.lr_schedule.kind = c.lr_schedule;
  r.protocol.lr_schedule.warmup_epochs = c.warmup_epochs;
  r.protocol.lr_schedule.step_size = c.lr_step_size;
  r.protocol.lr_schedule.gamma = c.lr_gamma;
  r.protocol.lr_schedule.min_lr = c.lr_min;
  r.protocol.lr_schedule.factor = c.lr_factor;
  r.protocol.lr_schedule.patience = c.lr_patience;
  r.protocol.early_stop = c.early_stopping;
  r.protocol.min_delta = c.min_delta;
  r.protocol.restore_best = c.restore_best;
  r.model.normalize = c.normalize;
  DENDRITE_CHECK(c.threads >= 0, "TrainingConfig::threads must be 0 (as set) or positive, got {}", c.threads);
  r.threads = c.threads;
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
  t.progress = c.progress;
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
  r.lr = s.lr.value_or(0.0);
  return r;
}

}  // namespace dendrite::api
