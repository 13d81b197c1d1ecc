#include "framework/train/checkpoint_summary.h"

#include <algorithm>
#include <fstream>
#include <vector>

#include "framework/core/error.h"
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
  std::string out = fmt::format("{:>6} {:>11} {:>10} {:>9} {:>8} {:>9}\n", "epoch", "train loss", "train acc",
                                "val loss", "val acc", "train s");
  for (const nlohmann::json& record : history) {
    EpochStats s;
    try {
      s = EpochStats::from_json(record);
    } catch (const std::exception& e) {  // Error for bad values, json exceptions for missing or mistyped keys
      throw Error(fmt::format("checkpoint '{}': bad training history: {}", path, e.what()));
    }
    out += fmt::format("{:>6} {:>11.4f} {:>10.4f} {:>9.4f} {:>8.4f} {:>9.2f}\n", s.epoch, s.train.loss,
                       s.train.accuracy, s.validation.loss, s.validation.accuracy, s.train_seconds);
  }
  return out;
}

}  // namespace

std::string describe_checkpoint(const Checkpoint& ckpt, const Model& model) {
  const std::string& path = ckpt.path;
  const nlohmann::json& training = member(ckpt.meta, "training");
  const nlohmann::json& run = member(ckpt.meta, "run");
  std::string out = fmt::format("{}: dendrite checkpoint (format version {}, {} tensors)\n", path,
                                kCheckpointVersion, ckpt.tensors.size());
  out += fmt::format("model: {}, {} parameters\n{}", model.spec.name, model.parameter_count(),
                     model_summary_table(model));
  if (!training.is_object()) return out + "training: no training state (not written by dendrite train)\n";

  const std::int64_t done = count(training, "epoch", path), next_batch = count(training, "next_batch", path);
  const nlohmann::json& planned = member(run, "epochs");
  std::string position = planned.is_number_integer() ? fmt::format("{} of {} epochs done", done, scalar_text(planned))
                                                     : fmt::format("{} epochs done", done);
  if (next_batch > 0)
    position += fmt::format("; interrupted in epoch {} after batch {} (continue with --resume)", done + 1, next_batch);
  out += "training: " + position + "\n";
  const nlohmann::json& optimizer = member(run, "optimizer");
  const nlohmann::json& type = member(optimizer, "type");
  out += fmt::format("optimizer: {}, {} steps\n", with_details(type.is_null() ? "?" : scalar_text(type),
                                                               options_text(optimizer, {"type"})),
                     count(training, "optimizer_steps", path));
  const nlohmann::json& dataset = member(run, "dataset");
  out += "data: " + with_details(dataset.is_null() ? "?" : scalar_text(dataset), options_text(member(run, "data")));
  out += "\n";
  const std::string options = options_text(run, {"optimizer", "dataset", "data"});
  out += "options: " + (options.empty() ? std::string("none recorded") : options) + "\n";
  return out + history_table(member(training, "history"), path);
}

}  // namespace dendrite
