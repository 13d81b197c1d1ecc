#include "framework/train/trainer.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>

#include "framework/core/error.h"
#include "framework/data/batcher.h"
#include "framework/train/checkpoint.h"
#include "framework/train/metrics.h"
#include "framework/train/progress.h"
#include "framework/train/run_log.h"

namespace dendrite {

namespace {
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// The configuration's own checks, before the step builds the executor and the optimizer.
TrainConfig checked(TrainConfig config) {
  DENDRITE_CHECK(config.epochs >= 0, "epochs must be non-negative, got {}", config.epochs);
  DENDRITE_CHECK(config.batch > 0, "batch size must be positive, got {}", config.batch);
  return config;
}

// Before a checkpoint replaces the last good one: the last update of an epoch can turn the
// weights non-finite while every loss the loop saw was finite.
void check_finite_parameters(const Graph& g, std::int64_t epoch, std::int64_t batch) {
  for (ValueId p : g.parameters()) {
    const Value& v = g.value(p);
    const float* x = v.data.f32();
    for (std::int64_t i = 0; i < v.data.numel(); ++i) {
      if (std::isfinite(x[i])) continue;
      throw Error(fmt::format("the weights became non-finite ('{}'[{}] = {}) at epoch {}, batch {}; stopping "
                              "without writing a checkpoint (the last checkpoint, if any, holds the last good "
                              "weights)",
                              v.name, i, x[i], epoch, batch));
    }
  }
}
}  // namespace

double TrainResult::mean_train_seconds() const {
  if (history.empty()) return 0;
  double total = 0;
  for (const auto& s : history) total += s.train_seconds;
  return total / static_cast<double>(history.size());
}

double TrainResult::train_samples_per_second() const {
  double seconds = 0, samples = 0;
  for (const auto& s : history) {
    seconds += s.train_seconds;
    samples += static_cast<double>(s.train.samples);
  }
  return seconds > 0 ? samples / seconds : 0.0;
}

Trainer::Trainer(Model& model, TrainConfig config)
    : model_(model),
      config_(checked(std::move(config))),
      step_(model, config_.optimizer, config_.seed, training_executor_options(model, config_.backend)),
      schedule_(config_.lr_schedule, config_.optimizer.lr, config_.epochs) {
  if (config_.early_stopping) {
    early_stopping_.emplace(*config_.early_stopping);
    best_.emplace(model_.graph);
  }
}

Trainer::~Trainer() = default;

TrainResult Trainer::fit(const Dataset& train, const Dataset& validation) {
  DENDRITE_CHECK(train.size() > 0, "the training set is empty");
  DENDRITE_CHECK(train.features() == model_.spec.input_size(),
                 "the data has {} features per sample, the model '{}' expects {}", train.features(),
                 model_.spec.name, model_.spec.input_size());
  DENDRITE_CHECK(validation.size() > 0 || !early_stopping_, "early stopping watches the validation loss, and there "
                 "is no validation split");
  DENDRITE_CHECK(validation.size() > 0 || !lr_schedule_needs_validation(schedule_.config().kind),
                 "the lr schedule '{}' reads the validation loss, and there is no validation split",
                 schedule_.config().kind);
  if (restored_best_) {  // a finished run continued: from the last epoch's weights (NOTE [two weight sets])
    best_->swap_with(model_.graph);
    restored_best_ = false;
  }
  Batcher batcher(train, config_.batch, config_.shuffle, config_.seed);
  Progress progress(config_.progress);
  double seconds_before = partial_seconds_;
  for (const EpochStats& s : history_) seconds_before += s.epoch_seconds;
  progress.start_run(config_.epochs, seconds_before);

  for (; epoch_ < config_.epochs && !(early_stopping_ && early_stopping_->stopped()); ++epoch_) {
    const auto epoch_start = Clock::now();
    const double lr = schedule_.lr(epoch_);
    step_.optimizer().set_lr(lr);
    batcher.start_epoch(epoch_);
    if (next_batch_ > 0) batcher.skip_to(next_batch_);
    progress.start_epoch(epoch_, batcher.num_batches(), next_batch_, partial_samples_);
    const auto train_start = Clock::now();
    Batch batch;
    while (batcher.next(batch)) {
      StepResult r;
      try {
        r = step_.step(batch.x, batch.y);
      } catch (const NonFiniteLoss& e) {
        throw Error(fmt::format("the loss became {} at epoch {}, batch {}; stopping (the last checkpoint, "
                                "if any, holds the last good weights)",
                                e.loss(), epoch_ + 1, batch.index + 1));
      }
      partial_loss_ += static_cast<double>(r.loss) * static_cast<double>(batch.size);
      partial_correct_ += static_cast<double>(r.correct);
      partial_samples_ += batch.size;
      next_batch_ = batch.index + 1;
      progress.update(batch.index, partial_loss_ / static_cast<double>(partial_samples_),
                      partial_correct_ / static_cast<double>(partial_samples_), partial_samples_);
      if ((config_.stop != nullptr && config_.stop->load()) || (config_.stop_check && config_.stop_check())) {
        partial_seconds_ += seconds_since(train_start);
        progress.finish_epoch();
        check_finite_parameters(model_.graph, epoch_ + 1, next_batch_);
        if (!config_.checkpoint_path.empty()) save_checkpoint(config_.checkpoint_path);
        TrainResult interrupted = result();
        interrupted.interrupted = true;
        return interrupted;
      }
    }
    progress.finish_epoch();
    check_finite_parameters(model_.graph, epoch_ + 1, next_batch_);
    EpochStats s;
    s.epoch = epoch_ + 1;
    s.lr = lr;
    s.train_seconds = partial_seconds_ + seconds_since(train_start);
    s.train.samples = partial_samples_;
    s.train.loss = partial_loss_ / static_cast<double>(partial_samples_);
    s.train.accuracy = partial_correct_ / static_cast<double>(partial_samples_);
    if (validation.size() > 0) s.validation = evaluate(validation);
    end_epoch(s);
    s.epoch_seconds = seconds_since(epoch_start) + partial_seconds_;
    history_.push_back(s);
    next_batch_ = 0;
    partial_loss_ = partial_correct_ = partial_seconds_ = 0;
    partial_samples_ = 0;
    print_epoch(s);
    save_epoch_files(s);
    if (config_.on_epoch && !config_.on_epoch(s)) {
      epoch_ += 1;
      break;
    }
  }
  finish();
  return result();
}

void Trainer::end_epoch(EpochStats& s) {
  if (!s.validation) return;
  schedule_.end_epoch(epoch_, s.validation->loss);
  if (early_stopping_ && early_stopping_->end_epoch(s.epoch, s.validation->loss)) best_->capture(model_.graph);
}

// Files after an epoch: the checkpoint first (it is the truth a resumed run starts from), then the
// best epoch's model when it changed, then the log line (a log that cannot be written loses no training).
void Trainer::save_epoch_files(const EpochStats& s) {
  if (!config_.checkpoint_path.empty()) {
    epoch_ += 1;  // the checkpoint records the completed epoch
    save_checkpoint(config_.checkpoint_path);
    epoch_ -= 1;
  }
  write_best_checkpoint();
  write_log(s);
}

void Trainer::write_best_checkpoint() {
  if (!early_stopping_ || config_.best_checkpoint_path.empty()) return;
  const std::int64_t best = early_stopping_->best_epoch();
  if (best == 0 || best == best_written_) return;
  dendrite::save_checkpoint(config_.best_checkpoint_path, best_checkpoint());
  best_written_ = best;
}

void Trainer::finish() {
  if (!early_stopping_) return;
  write_best_checkpoint();  // also when a resumed run had lost the file's last update
  const EarlyStopping& es = *early_stopping_;
  if (!config_.quiet && es.stopped())
    std::fprintf(stderr, "early stopping after epoch %lld: the validation loss has not improved for %lld epochs\n",
                 static_cast<long long>(epoch_), static_cast<long long>(es.bad_epochs()));
  if (!config_.early_stopping->restore_best || es.best_epoch() == 0) return;
  best_->swap_with(model_.graph);
  restored_best_ = true;
  if (!config_.checkpoint_path.empty()) save_checkpoint(config_.checkpoint_path);
  if (!config_.quiet)
    std::fprintf(stderr, "restored the weights of epoch %lld (val loss %.4f)\n",
                 static_cast<long long>(es.best_epoch()), es.best_loss());
}

TrainResult Trainer::result() const {
  TrainResult r;
  r.history = history_;
  if (early_stopping_) {
    r.stopped_early = early_stopping_->stopped();
    r.best_epoch = early_stopping_->best_epoch();
  }
  r.restored_best = restored_best_;
  return r;
}

EvalStats Trainer::evaluate(const Dataset& data) {
  DENDRITE_CHECK(data.features() == model_.spec.input_size(),
                 "the data has {} features per sample, the model expects {}", data.features(),
                 model_.spec.input_size());
  Batcher batcher(data, config_.batch, /*shuffle=*/false, 0);
  batcher.start_epoch(0);
  EvalStats stats;
  double loss_sum = 0;
  std::int64_t correct = 0;
  Batch batch;
  while (batcher.next(batch)) {
    const StepResult r = step_.evaluate(batch.x, batch.y);
    loss_sum += static_cast<double>(r.loss) * static_cast<double>(batch.size);
    correct += r.correct;
    stats.samples += batch.size;
  }
  if (stats.samples > 0) {
    stats.loss = loss_sum / static_cast<double>(stats.samples);
    stats.accuracy = static_cast<double>(correct) / static_cast<double>(stats.samples);
  }
  return stats;
}

std::vector<std::int32_t> Trainer::predict(const Dataset& data) {
  Batcher batcher(data, config_.batch, /*shuffle=*/false, 0);
  batcher.start_epoch(0);
  std::vector<std::int32_t> out;
  out.reserve(static_cast<std::size_t>(data.size()));
  Batch batch;
  while (batcher.next(batch)) {
    step_.evaluate(batch.x, batch.y);
    append_argmax(step_.logits(), out);
  }
  return out;
}

void Trainer::print_epoch(const EpochStats& s) const {
  if (config_.quiet) return;
  std::fprintf(stderr,
               "epoch %lld/%lld  lr %.3g  train loss %.4f acc %.4f  val loss %s acc %s  %.2f s (%.0f samples/s)\n",
               static_cast<long long>(s.epoch), static_cast<long long>(config_.epochs), s.lr.value_or(0.0),
               s.train.loss, s.train.accuracy, metric_text(s.val_loss()).c_str(),
               metric_text(s.val_accuracy()).c_str(), s.train_seconds,
               s.train_seconds > 0 ? static_cast<double>(s.train.samples) / s.train_seconds : 0.0);
}

void Trainer::write_log(const EpochStats& s) const {
  if (!config_.log_path.empty()) append_epoch_log(config_.log_path, s.to_json(), model_.spec.name);
}

void Trainer::save_checkpoint(const std::string& path) const { dendrite::save_checkpoint(path, training_checkpoint()); }

}  // namespace dendrite
