#include "framework/train/run_log.h"

#include "framework/core/error.h"
#include "framework/core/file_io.h"

namespace dendrite {

std::string epoch_log_line(const nlohmann::json& record, const std::string& model) {
  nlohmann::json j = record;
  j["model"] = model;
  return j.dump() + '\n';
}

void append_epoch_log(const std::string& path, const nlohmann::json& record, const std::string& model) {
  append_to_file(path, epoch_log_line(record, model), "append to the log");
}

void rewrite_epoch_log(const std::string& path, const Checkpoint& ckpt) {
  const nlohmann::json& meta = ckpt.meta;
  const auto has = [](const nlohmann::json& j, const char* key) { return j.is_object() && j.contains(key); };
  DENDRITE_CHECK(has(meta, "model") && has(meta["model"], "name") && meta["model"]["name"].is_string(),
                 "checkpoint '{}' records no model name", ckpt.path);
  DENDRITE_CHECK(has(meta, "training") && has(meta["training"], "history") && meta["training"]["history"].is_array(),
                 "checkpoint '{}' records no training history", ckpt.path);
  const std::string model = meta["model"]["name"].get<std::string>();
  std::string text;
  for (const nlohmann::json& record : meta["training"]["history"]) {
    DENDRITE_CHECK(record.is_object(), "checkpoint '{}': a training history entry is {}, not an object", ckpt.path,
                   record.dump());
    text += epoch_log_line(record, model);
  }
  write_file_atomic(path, text, "rewrite the log");
}

}  // namespace dendrite
