#include "framework/sweep/run_record.h"

#include <cmath>

#include "framework/core/error.h"

namespace dendrite {

namespace {
// Non-finite numbers have no JSON form: they travel as null (and are stored as NULL).
nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }
template <typename T>
nlohmann::json optional_json(const std::optional<T>& v) {
  if (!v) return nullptr;
  if constexpr (std::is_floating_point_v<T>) return number(*v);
  else return *v;
}

double real(const nlohmann::json& j, const char* key) {
  const nlohmann::json& v = j.at(key);
  if (v.is_null()) return std::nan("");
  DENDRITE_CHECK(v.is_number(), "run result: '{}' must be a number, got {}", key, v.dump());
  return v.get<double>();
}
std::int64_t integer(const nlohmann::json& j, const char* key) {
  const nlohmann::json& v = j.at(key);
  DENDRITE_CHECK(v.is_number_integer(), "run result: '{}' must be an integer, got {}", key, v.dump());
  return v.get<std::int64_t>();
}
std::optional<double> optional_real(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
  return real(j, key);
}
}  // namespace

nlohmann::json to_json(const RunResult& r) {
  nlohmann::json history = nlohmann::json::array();
  for (const EpochRecord& e : r.history) {
    history.push_back({{"epoch", e.epoch}, {"train_loss", number(e.train_loss)},
                       {"train_accuracy", number(e.train_accuracy)}, {"val_loss", optional_json(e.val_loss)},
                       {"val_accuracy", optional_json(e.val_accuracy)}, {"lr", number(e.lr)},
                       {"seconds", number(e.seconds)}});
  }
  return {{"params", r.params},
          {"epochs_run", r.epochs_run},
          {"train_loss", number(r.train_loss)},
          {"train_accuracy", number(r.train_accuracy)},
          {"val_loss", optional_json(r.val_loss)},
          {"val_accuracy", optional_json(r.val_accuracy)},
          {"test_loss", number(r.test_loss)},
          {"test_accuracy", number(r.test_accuracy)},
          {"best_epoch", optional_json(r.best_epoch)},
          {"best_val_loss", optional_json(r.best_val_loss)},
          {"seconds_per_epoch", number(r.seconds_per_epoch)},
          {"train_samples_per_second", number(r.train_samples_per_second)},
          {"wall_seconds", number(r.wall_seconds)},
          {"history", history}};
}

RunResult run_result_from_json(const nlohmann::json& j) {
  try {
    DENDRITE_CHECK(j.is_object(), "run result: not a JSON object");
    RunResult r;
    r.params = integer(j, "params");
    r.epochs_run = integer(j, "epochs_run");
    r.train_loss = real(j, "train_loss");
    r.train_accuracy = real(j, "train_accuracy");
    r.val_loss = optional_real(j, "val_loss");
    r.val_accuracy = optional_real(j, "val_accuracy");
    r.test_loss = real(j, "test_loss");
    r.test_accuracy = real(j, "test_accuracy");
    if (j.contains("best_epoch") && !j.at("best_epoch").is_null()) r.best_epoch = integer(j, "best_epoch");
    r.best_val_loss = optional_real(j, "best_val_loss");
    r.seconds_per_epoch = real(j, "seconds_per_epoch");
    r.train_samples_per_second = real(j, "train_samples_per_second");
    r.wall_seconds = real(j, "wall_seconds");
    for (const nlohmann::json& e : j.at("history")) {
      EpochRecord rec;
      rec.epoch = integer(e, "epoch");
      rec.train_loss = real(e, "train_loss");
      rec.train_accuracy = real(e, "train_accuracy");
      rec.val_loss = optional_real(e, "val_loss");
      rec.val_accuracy = optional_real(e, "val_accuracy");
      rec.lr = real(e, "lr");
      rec.seconds = real(e, "seconds");
      r.history.push_back(rec);
    }
    return r;
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("run result: {}", e.what()));
  }
}

}  // namespace dendrite
