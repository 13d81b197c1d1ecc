#include "framework/train/trainer.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "framework/core/error.h"
#include "framework/data/batcher.h"
#include "framework/train/checkpoint.h"
#include "framework/train/metrics.h"
#include "framework/train/model_io.h"
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

nlohmann::json EpochStats::to_json() const {
  return {{"epoch", epoch},
          {"train_loss", train.loss},
          {"train_accuracy", train.accuracy},
          {"val_loss", validation.loss},
          {"val_accuracy", validation.accuracy},
          {"train_seconds", train_seconds},
          {"epoch_seconds", epoch_seconds},
          {"train_samples_per_second", train_seconds > 0 ? static_cast<double>(train.samples) / train_seconds : 0.0}};
}

EpochStats EpochStats::from_json(const nlohmann::json& j) {
  EpochStats s;
  DENDRITE_CHECK(j.at("epoch").is_number_integer(), "epoch record: 'epoch' must be an integer, got {}",
                 j.at("epoch").dump());
  s.epoch = j.at("epoch").get<std::int64_t>();
  s.train.loss = j.at("train_loss").get<double>();
  s.train.accuracy = j.at("train_accuracy").get<double>();
  s.validation.loss = j.at("val_loss").get<double>();
  s.validation.accuracy = j.at("val_accuracy").get<double>();
  s.train_seconds = j.at("train_seconds").get<double>();
  s.epoch_seconds = j.at("epoch_seconds").get<double>();
  const double rate = j.at("train_samples_per_second").get<double>();
  s.train.samples = static_cast<std::int64_t>(std::llround(rate * s.train_seconds));
  return s;
}

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
      step_(model, config_.optimizer, config_.seed, training_executor_options(model, config_.backend)) {}

Trainer::~Trainer() = default;

TrainResult Trainer::fit(const Dataset& train, const Dataset& validation) {
  DENDRITE_CHECK(train.size() > 0, "the training set is empty");
  DENDRITE_CHECK(train.features() == model_.spec.input_size(),
                 "the data has {} features per sample, the model '{}' expects {}", train.features(),
                 model_.spec.name, model_.spec.input_size());
  Batcher batcher(train, config_.batch, config_.shuffle, config_.seed);
  Progress progress(config_.progress);
  TrainResult result;

  for (; epoch_ < config_.epochs; ++epoch_) {
    const auto epoch_start = Clock::now();
    batcher.start_epoch(epoch_);
    if (next_batch_ > 0) batcher.skip_to(next_batch_);
    progress.start_epoch(epoch_, config_.epochs, batcher.num_batches());
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
      progress.update(batch.index, partial_loss_ / static_cast<double>(partial_samples_), partial_samples_);
      if (config_.stop != nullptr && config_.stop->load()) {
        partial_seconds_ += seconds_since(train_start);
        progress.finish_epoch();
        check_finite_parameters(model_.graph, epoch_ + 1, next_batch_);
        if (!config_.checkpoint_path.empty()) save_checkpoint(config_.checkpoint_path);
        result.history = history_;
        result.interrupted = true;
        return result;
      }
    }
    progress.finish_epoch();
    check_finite_parameters(model_.graph, epoch_ + 1, next_batch_);
    EpochStats s;
    s.epoch = epoch_ + 1;
    s.train_seconds = partial_seconds_ + seconds_since(train_start);
    s.train.samples = partial_samples_;
    s.train.loss = partial_loss_ / static_cast<double>(partial_samples_);
    s.train.accuracy = partial_correct_ / static_cast<double>(partial_samples_);
    if (validation.size() > 0) s.validation = evaluate(validation);
    s.epoch_seconds = seconds_since(epoch_start) + partial_seconds_;
    history_.push_back(s);
    next_batch_ = 0;
    partial_loss_ = partial_correct_ = partial_seconds_ = 0;
    partial_samples_ = 0;
    print_epoch(s);
    if (!config_.checkpoint_path.empty()) {
      epoch_ += 1;  // the checkpoint records the completed epoch
      save_checkpoint(config_.checkpoint_path);
      epoch_ -= 1;
    }
    write_log(s);  // after the checkpoint: a log that cannot be written loses no training
  }
  result.history = history_;
  return result;
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
               "epoch %lld/%lld  train loss %.4f acc %.4f  val loss %.4f acc %.4f  %.2f s (%.0f samples/s)\n",
               static_cast<long long>(s.epoch), static_cast<long long>(config_.epochs), s.train.loss,
               s.train.accuracy, s.validation.loss, s.validation.accuracy, s.train_seconds,
               s.train_seconds > 0 ? static_cast<double>(s.train.samples) / s.train_seconds : 0.0);
}

void Trainer::write_log(const EpochStats& s) const {
  if (!config_.log_path.empty()) append_epoch_log(config_.log_path, s.to_json(), model_.spec.name);
}

void Trainer::save_checkpoint(const std::string& path) const {
  Checkpoint c = model_checkpoint(model_);
  nlohmann::json history = nlohmann::json::array();
  for (const auto& s : history_) history.push_back(s.to_json());
  c.meta["training"] = {{"epoch", epoch_},
                        {"next_batch", next_batch_},
                        {"partial_loss", partial_loss_},
                        {"partial_correct", partial_correct_},
                        {"partial_samples", partial_samples_},
                        {"partial_seconds", partial_seconds_},
                        {"optimizer_steps", step_.optimizer().steps()},
                        {"seed", config_.seed},
                        {"batch", config_.batch},
                        {"history", history}};
  c.meta["run"] = config_.run_info;
  for (auto& [name, t] : step_.optimizer().state()) c.tensors.emplace_back("optimizer/" + name, t);
  dendrite::save_checkpoint(path, c);
}

void Trainer::load_checkpoint(const std::string& path) {
  const Checkpoint c = dendrite::load_checkpoint(path);
  restore_model_tensors(model_, c, path, /*constants_must_match=*/true);
  DENDRITE_CHECK(c.meta.contains("training"), "checkpoint '{}' has no training state", path);
  const nlohmann::json& t = c.meta["training"];
  // Counts must be non-negative JSON integers (get<> would truncate 1.5 and overflow on 1e300).
  const auto count = [&](const char* key) {
    const nlohmann::json& v = t.at(key);
    DENDRITE_CHECK(v.is_number_integer() && v.get<std::int64_t>() >= 0,
                   "checkpoint '{}': training state field '{}' must be a non-negative integer, got {}", path, key,
                   v.dump());
    return v.get<std::int64_t>();
  };
  try {
    DENDRITE_CHECK(t.is_object(), "checkpoint '{}': the training state is not a JSON object", path);
    epoch_ = count("epoch");
    next_batch_ = count("next_batch");
    partial_loss_ = t.at("partial_loss").get<double>();
    partial_correct_ = t.at("partial_correct").get<double>();
    partial_samples_ = count("partial_samples");
    partial_seconds_ = t.at("partial_seconds").get<double>();
    history_.clear();
    for (const auto& h : t.at("history")) {
      try {
        history_.push_back(EpochStats::from_json(h));
      } catch (const Error& e) {
        throw Error(fmt::format("checkpoint '{}': bad training history: {}", path, e.what()));
      }
    }
    std::vector<std::pair<std::string, Tensor>> state;
    const std::string prefix = "optimizer/";
    for (const auto& [name, tensor] : c.tensors)
      if (name.rfind(prefix, 0) == 0) state.emplace_back(name.substr(prefix.size()), tensor);
    step_.optimizer().load_state(state, count("optimizer_steps"));
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("checkpoint '{}': bad training state: {}", path, e.what()));
  }
}

}  // namespace dendrite
