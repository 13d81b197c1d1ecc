#include "framework/train/epoch_stats.h"

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "framework/core/error.h"

namespace dendrite {

namespace {
nlohmann::json optional_number(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

// A number, or null for an absent metric (get<double> would throw on null).
std::optional<double> read_optional(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<double>();
}
}  // namespace

std::optional<double> EpochStats::val_loss() const {
  if (!validation) return std::nullopt;
  return validation->loss;
}

std::optional<double> EpochStats::val_accuracy() const {
  if (!validation) return std::nullopt;
  return validation->accuracy;
}

nlohmann::json EpochStats::to_json() const {
  return {{"epoch", epoch},
          {"lr", optional_number(lr)},
          {"train_loss", train.loss},
          {"train_accuracy", train.accuracy},
          {"val_loss", optional_number(val_loss())},
          {"val_accuracy", optional_number(val_accuracy())},
          {"train_seconds", train_seconds},
          {"epoch_seconds", epoch_seconds},
          {"train_samples_per_second", train_seconds > 0 ? static_cast<double>(train.samples) / train_seconds : 0.0}};
}

EpochStats EpochStats::from_json(const nlohmann::json& j) {
  EpochStats s;
  DENDRITE_CHECK(j.at("epoch").is_number_integer(), "epoch record: 'epoch' must be an integer, got {}",
                 j.at("epoch").dump());
  s.epoch = j.at("epoch").get<std::int64_t>();
  s.lr = read_optional(j, "lr");
  s.train.loss = j.at("train_loss").get<double>();
  s.train.accuracy = j.at("train_accuracy").get<double>();
  const std::optional<double> val_loss = read_optional(j, "val_loss");
  const std::optional<double> val_accuracy = read_optional(j, "val_accuracy");
  DENDRITE_CHECK(val_loss.has_value() == val_accuracy.has_value(),
                 "epoch record {}: 'val_loss' and 'val_accuracy' must both be numbers or both null", s.epoch);
  if (val_loss) s.validation = EvalStats{*val_loss, *val_accuracy, 0};
  s.train_seconds = j.at("train_seconds").get<double>();
  s.epoch_seconds = j.at("epoch_seconds").get<double>();
  const double rate = j.at("train_samples_per_second").get<double>();
  s.train.samples = static_cast<std::int64_t>(std::llround(rate * s.train_seconds));
  return s;
}

std::string metric_text(const std::optional<double>& value, int decimals) {
  return value ? fmt::format("{:.{}f}", *value, decimals) : std::string("-");
}

}  // namespace dendrite
