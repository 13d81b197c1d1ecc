#include "framework/train/run_summary.h"

#include <cmath>
#include <set>
#include <type_traits>

#include "framework/core/error.h"

namespace dendrite {

namespace {

constexpr const char* kContext = "run summary:";

// Non-finite numbers have no JSON form: they are written as null (and stored as NULL).
nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }
template <typename T>
nlohmann::json optional_json(const std::optional<T>& v) {
  if (!v) return nullptr;
  if constexpr (std::is_floating_point_v<T>) return number(*v);
  else return *v;
}

const nlohmann::json& field(const nlohmann::json& j, const char* key) {
  DENDRITE_CHECK(j.is_object(), "{} expected a JSON object, got {}", kContext, j.dump());
  const auto it = j.find(key);
  DENDRITE_CHECK(it != j.end(), "{} no field '{}'", kContext, key);
  return *it;
}
double real(const nlohmann::json& j, const char* key) {
  const nlohmann::json& v = field(j, key);
  if (v.is_null()) return std::nan("");
  DENDRITE_CHECK(v.is_number(), "{} '{}' must be a number, got {}", kContext, key, v.dump());
  return v.get<double>();
}
std::int64_t integer(const nlohmann::json& j, const char* key) {
  const nlohmann::json& v = field(j, key);
  DENDRITE_CHECK(v.is_number_integer() && (!v.is_number_unsigned() || v.get<std::uint64_t>() <= INT64_MAX),
                 "{} '{}' must be an integer, got {}", kContext, key, v.dump());
  return v.get<std::int64_t>();
}
std::string text(const nlohmann::json& j, const char* key) {
  const nlohmann::json& v = field(j, key);
  DENDRITE_CHECK(v.is_string(), "{} '{}' must be a string, got {}", kContext, key, v.dump());
  return v.get<std::string>();
}
bool boolean(const nlohmann::json& j, const char* key) {
  const nlohmann::json& v = field(j, key);
  DENDRITE_CHECK(v.is_boolean(), "{} '{}' must be true or false, got {}", kContext, key, v.dump());
  return v.get<bool>();
}
std::optional<double> optional_real(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
  return real(j, key);
}
std::optional<std::int64_t> optional_integer(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
  return integer(j, key);
}

// The summary's own keys; every other key of a summary is a fact of the model.
const std::set<std::string>& own_keys() {
  static const std::set<std::string> keys = [] {
    const nlohmann::json j = RunSummary{}.to_json(true);
    std::set<std::string> out;
    for (const auto& [key, value] : j.items()) out.insert(key);
    return out;
  }();
  return keys;
}

}  // namespace

nlohmann::json RunSummary::to_json(bool with_history) const {
  nlohmann::json j = model_facts.is_object() ? model_facts : nlohmann::json::object();
  j["model"] = model;
  j["params"] = params;
  j["dataset"] = dataset;
  j["epochs"] = epochs_run;
  j["batch"] = batch;
  j["seed"] = seed;
  j["optimizer"] = optimizer;
  j["lr"] = number(lr);
  j["impl"] = impl;
  j["lr_schedule"] = lr_schedule_config_json(lr_schedule);
  j["early_stopping"] = early_stopping_config_json(early_stopping);
  j["stopped_early"] = stopped_early;
  j["best_epoch"] = optional_json(best_epoch);
  j["restored_best"] = restored_best;
  j["train_loss"] = number(train_loss);
  j["train_accuracy"] = number(train_accuracy);
  j["val_loss"] = optional_json(val_loss);
  j["val_accuracy"] = optional_json(val_accuracy);
  j["test_loss"] = number(test_loss);
  j["test_accuracy"] = number(test_accuracy);
  j["best_val_loss_epoch"] = optional_json(best_val_loss_epoch);
  j["best_val_loss"] = optional_json(best_val_loss);
  j["seconds_per_epoch"] = number(seconds_per_epoch);
  j["train_samples_per_second"] = number(train_samples_per_second);
  j["wall_seconds"] = number(wall_seconds);
  j["framework_version"] = framework_version;
  if (with_history) {
    nlohmann::json h = nlohmann::json::array();
    for (const EpochRecord& e : history) {
      h.push_back({{"epoch", e.epoch}, {"train_loss", number(e.train_loss)},
                   {"train_accuracy", number(e.train_accuracy)}, {"val_loss", optional_json(e.val_loss)},
                   {"val_accuracy", optional_json(e.val_accuracy)}, {"lr", number(e.lr)},
                   {"seconds", number(e.seconds)}});
    }
    j["history"] = h;
  }
  return j;
}

RunSummary RunSummary::from_json(const nlohmann::json& j) {
  try {
    DENDRITE_CHECK(j.is_object(), "{} not a JSON object", kContext);
    RunSummary s;
    for (const auto& [key, value] : j.items())
      if (own_keys().count(key) == 0) s.model_facts[key] = value;
    s.model = text(j, "model");
    s.params = integer(j, "params");
    s.dataset = text(j, "dataset");
    s.epochs_run = integer(j, "epochs");
    s.batch = integer(j, "batch");
    const nlohmann::json& seed = field(j, "seed");
    DENDRITE_CHECK(seed.is_number_unsigned() || (seed.is_number_integer() && seed.get<std::int64_t>() >= 0),
                   "{} 'seed' must be a non-negative integer, got {}", kContext, seed.dump());
    s.seed = seed.get<std::uint64_t>();
    s.optimizer = text(j, "optimizer");
    s.lr = real(j, "lr");
    s.impl = text(j, "impl");
    s.lr_schedule = lr_schedule_config_from_json(field(j, "lr_schedule"), "run summary: lr_schedule:");
    s.early_stopping = early_stopping_config_from_json(field(j, "early_stopping"), "run summary: early_stopping:");
    s.stopped_early = boolean(j, "stopped_early");
    s.best_epoch = optional_integer(j, "best_epoch");
    s.restored_best = boolean(j, "restored_best");
    s.train_loss = real(j, "train_loss");
    s.train_accuracy = real(j, "train_accuracy");
    s.val_loss = optional_real(j, "val_loss");
    s.val_accuracy = optional_real(j, "val_accuracy");
    s.test_loss = real(j, "test_loss");
    s.test_accuracy = real(j, "test_accuracy");
    s.best_val_loss_epoch = optional_integer(j, "best_val_loss_epoch");
    s.best_val_loss = optional_real(j, "best_val_loss");
    s.seconds_per_epoch = real(j, "seconds_per_epoch");
    s.train_samples_per_second = real(j, "train_samples_per_second");
    s.wall_seconds = real(j, "wall_seconds");
    s.framework_version = text(j, "framework_version");
    if (j.contains("history")) {
      const nlohmann::json& h = j["history"];
      DENDRITE_CHECK(h.is_array(), "{} 'history' must be an array, got {}", kContext, h.dump());
      for (const nlohmann::json& e : h) {
        EpochRecord rec;
        rec.epoch = integer(e, "epoch");
        rec.train_loss = real(e, "train_loss");
        rec.train_accuracy = real(e, "train_accuracy");
        rec.val_loss = optional_real(e, "val_loss");
        rec.val_accuracy = optional_real(e, "val_accuracy");
        rec.lr = real(e, "lr");
        rec.seconds = real(e, "seconds");
        s.history.push_back(rec);
      }
    }
    return s;
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("{} {}", kContext, e.what()));
  }
}

}  // namespace dendrite
