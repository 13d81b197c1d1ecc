#include "framework/train/checkpoint_summary.h"

#include <algorithm>
#include <fstream>
#include <vector>

#include "framework/core/error.h"
#include "framework/train/run_config.h"
#include "framework/train/trainer.h"

namespace dendrite {

bool is_checkpoint_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[sizeof kCheckpointMagic] = {};
  return in.read(magic, sizeof magic) && std::equal(magic, magic + sizeof magic, kCheckpointMagic);
}

namespace {

const nlohmann::json& member(const nlohmann::json& j, const char* key) {
  static const nlohmann::json none;
  return j.is_object() && j.contains(key) ? j[key] : none;
}

std::string scalar_text(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// "batch 16, seed 3, ...": the recorded options of `j` except `skip`; nested ones dotted.
std::string options_text(const nlohmann::json& j, const std::vector<std::string>& skip = {}) {
  std::string out;
  const auto add = [&out](const std::string& key, const nlohmann::json& v) {
    out += (out.empty() ? "" : ", ") + key + " " + scalar_text(v);
  };
  if (!j.is_object()) return out;
  for (const auto& [key, value] : j.items()) {
    if (std::find(skip.begin(), skip.end(), key) != skip.end()) continue;
    if (!value.is_object()) {
      add(key, value);
      continue;
    }
    for (const auto& [sub, v] : value.items()) add(key + "." + sub, v);
  }
  return out;
}

// "name (details)", or "name" without details.
std::string with_details(const std::string& name, const std::string& details) {
  return details.empty() ? name : name + " (" + details + ")";
}

// A count of the training state: a non-negative integer, as the trainer writes it.
std::int64_t count(const nlohmann::json& training, const char* key, const std::string& path) {
  const nlohmann::json& v = member(training, key);
  DENDRITE_CHECK(v.is_number_integer() && v.get<std::int64_t>() >= 0,
                 "checkpoint '{}': training state field '{}' must be a non-negative integer, got {}", path, key,
                 v.dump());
  return v.get<std::int64_t>();
}

std::string history_table(const nlohmann::json& history, const std::string& path) {
  DENDRITE_CHECK(history.is_array(), "checkpoint '{}': the training history is {}, not a list", path, history.dump());
  std::string out = fmt::format("{:>6} {:>10} {:>11} {:>10} {:>9} {:>8} {:>9}\n", "epoch", "lr", "train loss",
                                "train acc", "val loss", "val acc", "train s");
  for (const nlohmann::json& record : history) {
    EpochStats s;
    try {
      s = EpochStats::from_json(record);
    } catch (const std::exception& e) {  // Error for bad values, json exceptions for missing or mistyped keys
      throw Error(fmt::format("checkpoint '{}': bad training history: {}", path, e.what()));
    }
    out += fmt::format("{:>6} {:>10} {:>11.4f} {:>10.4f} {:>9} {:>8} {:>9.2f}\n", s.epoch,
                       s.lr ? fmt::format("{:.4g}", *s.lr) : std::string("-"), s.train.loss, s.train.accuracy,
                       metric_text(s.val_loss()), metric_text(s.val_accuracy()), s.train_seconds);
  }
  return out;
}

// "step (warmup_epochs 1, step_size 2, gamma 0.5); 1 reduction, ..." for the recorded schedule and
// its state (plateau: reductions, best loss, bad epochs).
std::string schedule_text(const nlohmann::json& config, const nlohmann::json& state) {
  const nlohmann::json& kind = member(config, "kind");
  std::string out = with_details(kind.is_null() ? "?" : scalar_text(kind), options_text(config, {"kind"}));
  if (member(state, "kind") == "plateau") {
    out += fmt::format("; {} reductions, best val loss {}, {} epochs without improvement",
                       scalar_text(member(state, "reductions")), scalar_text(member(state, "best")),
                       scalar_text(member(state, "bad_epochs")));
  }
  return out;
}

// "patience 3, min_delta 0.0, restore_best true; best epoch 4 (val loss 0.21), 2 epochs without
// improvement, stopped early, best weights restored".
std::string early_stopping_text(const nlohmann::json& config, const nlohmann::json& state, bool restored) {
  std::string out = options_text(config);
  if (!state.is_object()) return out;
  const nlohmann::json& best = member(state, "best_epoch");
  out += best == 0 ? std::string("; no best epoch yet")
                   : fmt::format("; best epoch {} (val loss {})", scalar_text(best),
                                 scalar_text(member(state, "best_loss")));
  out += fmt::format(", {} epochs without improvement", scalar_text(member(state, "bad_epochs")));
  if (member(state, "stopped") == true) out += ", stopped early";
  if (restored) out += ", best weights restored (the checkpoint's model)";
  return out;
}

}  // namespace

std::string describe_checkpoint(const Checkpoint& ckpt, const Model& model) {
  const std::string& path = ckpt.path;
  const nlohmann::json& training = member(ckpt.meta, "training");
  // The run's configuration, of either recorded form (run_config.h), only the keys it recorded.
  const nlohmann::json run = recorded_run_config(member(ckpt.meta, "run"));
  RunConfig config;
  try {
    config = RunConfig::from_json(run);
  } catch (const Error& e) {
    throw Error(fmt::format("checkpoint '{}': {}", path, e.what()));
  }
  std::string out = fmt::format("{}: dendrite checkpoint (format version {}, {} tensors)\n", path,
                                kCheckpointVersion, ckpt.tensors.size());
  out += fmt::format("model: {}, {} parameters\n{}", model.spec.name, model.parameter_count(),
                     model_summary_table(model));
  const nlohmann::json& best = member(ckpt.meta, "best");
  if (!training.is_object() && best.is_object()) {
    return out + fmt::format("training: the model of the best epoch ({}, val loss {}) of a run with early stopping; no "
                             "training state (its run continues from the run's last checkpoint)\n",
                             scalar_text(member(best, "epoch")), scalar_text(member(best, "val_loss")));
  }
  if (!training.is_object()) return out + "training: no training state (not written by dendrite train)\n";

  const std::int64_t done = count(training, "epoch", path), next_batch = count(training, "next_batch", path);
  const nlohmann::json& planned = member(run, "epochs");
  std::string position = planned.is_number_integer() ? fmt::format("{} of {} epochs done", done, scalar_text(planned))
                                                     : fmt::format("{} epochs done", done);
  if (next_batch > 0)
    position += fmt::format("; interrupted in epoch {} after batch {} (continue with --resume)", done + 1, next_batch);
  out += "training: " + position + "\n";
  const OptimizerConfig& opt = config.optimizer;
  const nlohmann::json settings = {{"lr", opt.lr}, {"momentum", opt.momentum}, {"nesterov", opt.nesterov},
                                   {"beta1", opt.beta1}, {"beta2", opt.beta2}, {"eps", opt.eps},
                                   {"weight_decay", opt.weight_decay}};
  out += fmt::format("optimizer: {}, {} steps\n",
                     with_details(run.contains("optimizer") ? opt.type : "?", options_text(settings)),
                     count(training, "optimizer_steps", path));
  nlohmann::json files = nlohmann::json::object();
  for (const char* key : {"train_images", "train_labels", "test_images", "test_labels"})
    if (!member(run, key).is_null() && run[key] != "") files[key] = run[key];
  out += "data: " + with_details(run.contains("dataset") ? config.data.dataset : "?", options_text(files)) + "\n";
  if (run.contains("lr_schedule"))
    out += "lr schedule: " + schedule_text(lr_schedule_config_json(config.protocol.lr_schedule),
                                           member(training, "lr_schedule")) + "\n";
  const ProtocolOptions& p = config.protocol;
  if (p.early_stop >= 0) {
    const std::optional<EarlyStoppingConfig> stopping = EarlyStoppingConfig{p.early_stop, p.min_delta, p.restore_best};
    out += "early stopping: " + early_stopping_text(early_stopping_config_json(stopping),
                                                    member(training, "early_stopping"),
                                                    member(training, "restored_best") == true) + "\n";
  }
  // The rest of what shapes the run, as recorded (defaults that say nothing left out).
  nlohmann::json rest = nlohmann::json::object();
  for (const char* key : {"batch", "epochs", "input_noise", "seed", "sequential", "validation", "impl", "classes",
                          "cifar100_labels"})
    if (run.contains(key) && run[key] != (std::string(key) == "classes" ? nlohmann::json(0) : nlohmann::json("")))
      rest[key] = run[key];
  const std::string options = options_text(rest);
  out += "options: " + (options.empty() ? std::string("none recorded") : options) + "\n";
  return out + history_table(member(training, "history"), path);
}

}  // namespace dendrite
