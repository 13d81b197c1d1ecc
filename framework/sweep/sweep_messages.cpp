#include "framework/sweep/sweep_messages.h"

#include "framework/core/error.h"

namespace dendrite {

std::string setup_message(const WorkerSetup& setup) {
  nlohmann::json j = {{"type", "setup"}, {"dataset", setup.dataset}, {"dataset_hash", setup.dataset_hash},
                      {"threads", setup.threads}};
  if (const auto& d = setup.data) {
    j["data"] = {{"dataset", d->dataset},           {"data_dir", d->data_dir},
                 {"train_images", d->train_images}, {"train_labels", d->train_labels},
                 {"test_images", d->test_images},   {"test_labels", d->test_labels},
                 {"classes", d->classes},           {"cifar100_labels", d->cifar100_labels}};
  }
  return j.dump();
}
std::string exit_message(int code) { return nlohmann::json{{"type", "exit"}, {"code", code}}.dump(); }
std::string ready_message(const std::string& host, long pid) {
  return nlohmann::json{{"type", "ready"}, {"host", host}, {"pid", pid}}.dump();
}
std::string run_message(const std::string& key, const nlohmann::json& config) {
  return nlohmann::json{{"type", "run"}, {"key", key}, {"config", config}}.dump();
}
std::string stop_message() { return nlohmann::json{{"type", "stop"}}.dump(); }
std::string alive_message() { return nlohmann::json{{"type", "alive"}}.dump(); }
std::string done_message(const std::string& key, const RunSummary& result) {
  return nlohmann::json{{"type", "result"}, {"key", key}, {"ok", true}, {"result", result.to_json()}}.dump();
}
std::string failed_message(const std::string& key, const std::string& error) {
  return nlohmann::json{{"type", "result"}, {"key", key}, {"ok", false}, {"error", error}}.dump();
}
std::string fatal_message(const std::string& error) {
  return nlohmann::json{{"type", "fatal"}, {"error", error}}.dump();
}

SweepMessage parse_message(const std::string& text) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(fmt::format("sweep message is not JSON ({}): {:.200}", e.what(), text));
  }
  // The fields of `object` (the message, or an object inside it).
  const auto string_in = [&](const nlohmann::json& object, const char* key) {
    DENDRITE_CHECK(object.is_object() && object.contains(key) && object[key].is_string(),
                   "sweep message without a string '{}': {:.200}", key, text);
    return object[key].get<std::string>();
  };
  const auto int_in = [&](const nlohmann::json& object, const char* key) {
    DENDRITE_CHECK(object.is_object() && object.contains(key) && object[key].is_number_integer(),
                   "sweep message without an integer '{}': {:.200}", key, text);
    return object[key].get<int>();
  };
  const auto string_field = [&](const char* key) { return string_in(j, key); };
  SweepMessage m;
  m.type = string_field("type");
  if (m.type == "setup") {
    m.setup.dataset = string_field("dataset");
    m.setup.dataset_hash = string_field("dataset_hash");
    m.setup.threads = int_in(j, "threads");
    if (j.contains("data")) {
      const nlohmann::json& d = j["data"];
      m.setup.data = WorkerDataFiles{string_in(d, "dataset"),      string_in(d, "data_dir"),
                                     string_in(d, "train_images"), string_in(d, "train_labels"),
                                     string_in(d, "test_images"),  string_in(d, "test_labels"),
                                     string_in(d, "cifar100_labels"), int_in(d, "classes")};
    }
  } else if (m.type == "exit") {
    m.exit_code = int_in(j, "code");
  } else if (m.type == "ready") {
    m.host = string_field("host");
    DENDRITE_CHECK(j.contains("pid") && j["pid"].is_number_integer(), "ready message without a pid: {:.200}", text);
    m.pid = j["pid"].get<long>();
  } else if (m.type == "run") {
    m.key = string_field("key");
    DENDRITE_CHECK(j.contains("config") && j["config"].is_object(), "run message without a config: {:.200}", text);
    m.config = j["config"];
  } else if (m.type == "result") {
    m.key = string_field("key");
    DENDRITE_CHECK(j.contains("ok") && j["ok"].is_boolean(), "result message without 'ok': {:.200}", text);
    m.ok = j["ok"].get<bool>();
    if (m.ok) m.result = RunSummary::from_json(j.value("result", nlohmann::json()));
    else m.error = string_field("error");
  } else if (m.type == "alive") {
  } else if (m.type == "fatal") {
    m.error = string_field("error");
  } else {
    DENDRITE_CHECK(m.type == "stop", "unknown sweep message type '{}'", m.type);
  }
  return m;
}

}  // namespace dendrite
