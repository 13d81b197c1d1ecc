#include "framework/train/early_stopping.h"

#include <cmath>

#include "framework/core/error.h"
#include "framework/core/json_fields.h"

namespace dendrite {

nlohmann::json early_stopping_config_json(const std::optional<EarlyStoppingConfig>& cfg) {
  if (!cfg) return nullptr;
  return {{"patience", cfg->patience}, {"min_delta", cfg->min_delta}, {"restore_best", cfg->restore_best}};
}

std::optional<EarlyStoppingConfig> early_stopping_config_from_json(const nlohmann::json& j, const std::string& context) {
  if (j.is_null()) return std::nullopt;
  EarlyStoppingConfig c;
  c.patience = json_count(j, "patience", context);
  const nlohmann::json& delta = json_field(j, "min_delta", context);
  DENDRITE_CHECK(delta.is_number() && std::isfinite(delta.get<double>()), "{} 'min_delta' must be a finite number, got {}",
                 context, delta.dump());
  c.min_delta = delta.get<double>();
  c.restore_best = json_bool(j, "restore_best", context);
  return c;
}

EarlyStopping::EarlyStopping(EarlyStoppingConfig config) : config_(config) {
  DENDRITE_CHECK(config_.patience >= 0, "early stopping: patience must be >= 0, got {}", config_.patience);
  DENDRITE_CHECK(std::isfinite(config_.min_delta) && config_.min_delta >= 0,
                 "early stopping: min_delta must be >= 0, got {}", config_.min_delta);
}

bool EarlyStopping::end_epoch(std::int64_t epoch, double validation_loss) {
  DENDRITE_CHECK(!stopped_, "early stopping: epoch {} ends after training stopped", epoch);
  const bool improved = best_epoch_ == 0 ? !std::isnan(validation_loss)
                                         : validation_loss < best_loss_ - config_.min_delta;
  if (improved) {
    best_epoch_ = epoch;
    best_loss_ = validation_loss;
    bad_epochs_ = 0;
    return true;
  }
  bad_epochs_ += 1;
  stopped_ = bad_epochs_ >= config_.patience && epoch > 1;
  return false;
}

nlohmann::json EarlyStopping::state() const {
  return {{"best_epoch", best_epoch_},
          {"best_loss", best_epoch_ > 0 ? nlohmann::json(best_loss_) : nlohmann::json(nullptr)},
          {"bad_epochs", bad_epochs_},
          {"stopped", stopped_}};
}

void EarlyStopping::load_state(const nlohmann::json& state) {
  const std::string context = "early stopping state:";
  const std::int64_t best_epoch = json_count(state, "best_epoch", context);
  const std::int64_t bad_epochs = json_count(state, "bad_epochs", context);
  const nlohmann::json& loss = json_field(state, "best_loss", context);
  DENDRITE_CHECK(best_epoch == 0 ? loss.is_null() : loss.is_number(),
                 "early stopping state: 'best_loss' must be {} with best_epoch {}, got {}",
                 best_epoch == 0 ? "null" : "a number", best_epoch, loss.dump());
  const bool stopped = json_bool(state, "stopped", context);
  best_epoch_ = best_epoch;
  bad_epochs_ = bad_epochs;
  best_loss_ = best_epoch > 0 ? loss.get<double>() : 0.0;
  stopped_ = stopped;
}

}  // namespace dendrite
