#include "framework/train/early_stopping.h"

#include <cmath>

#include "framework/core/error.h"

namespace dendrite {

EarlyStopping::EarlyStopping(EarlyStoppingConfig config) : config_(config) {
  DENDRITE_CHECK(config_.patience >= 0, "early stopping: patience must be >= 0, got {}", config_.patience);
  DENDRITE_CHECK(std::isfinite(config_.min_delta) && config_.min_delta >= 0,
                 "early stopping: min_delta must be >= 0, got {}", config_.min_delta);
}

bool EarlyStopping::end_epoch(std::int64_t epoch, double validation_loss) {
  const bool improved = best_epoch_ == 0 ? !std::isnan(validation_loss)
                                         : validation_loss < best_loss_ - config_.min_delta;
  if (improved) {
    best_epoch_ = epoch;
    best_loss_ = validation_loss;
    bad_epochs_ = 0;
  } else {
    bad_epochs_ += 1;
  }
  return improved;
}

nlohmann::json EarlyStopping::state() const {
  return {{"best_epoch", best_epoch_},
          {"best_loss", best_epoch_ > 0 ? nlohmann::json(best_loss_) : nlohmann::json(nullptr)},
          {"bad_epochs", bad_epochs_}};
}

void EarlyStopping::load_state(const nlohmann::json& state) {
  DENDRITE_CHECK(state.is_object(), "early stopping state: expected a JSON object, got {}", state.dump());
  const auto count = [&](const char* key) {
    const auto it = state.find(key);
    DENDRITE_CHECK(it != state.end(), "early stopping state: no field '{}'", key);
    DENDRITE_CHECK(it->is_number_integer() && it->get<std::int64_t>() >= 0,
                   "early stopping state: '{}' must be a non-negative integer, got {}", key, it->dump());
    return it->get<std::int64_t>();
  };
  const std::int64_t best_epoch = count("best_epoch");
  const std::int64_t bad_epochs = count("bad_epochs");
  const auto loss = state.find("best_loss");
  DENDRITE_CHECK(loss != state.end(), "early stopping state: no field 'best_loss'");
  DENDRITE_CHECK(best_epoch == 0 ? loss->is_null() : loss->is_number(),
                 "early stopping state: 'best_loss' must be {} with best_epoch {}, got {}",
                 best_epoch == 0 ? "null" : "a number", best_epoch, loss->dump());
  best_epoch_ = best_epoch;
  bad_epochs_ = bad_epochs;
  best_loss_ = best_epoch > 0 ? loss->get<double>() : 0.0;
}

}  // namespace dendrite
