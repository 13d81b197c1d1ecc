// EarlyStopping: watches the validation loss after each epoch, as Keras' EarlyStopping(monitor =
// "val_loss", mode = "min", min_delta, patience, restore_best_weights) does, and says when to stop.
//
//   EarlyStopping es({/*patience=*/5, /*min_delta=*/0.0});
//   for (epoch = 1; ...; ++epoch) {                       // 1-based
//     ... train, validate ...
//     if (es.end_epoch(epoch, val_loss)) keep_best_weights();
//     if (es.stopped()) break;
//   }
//   es.best_epoch();                                      // the epoch whose weights to restore
//
// Keras' rule: an epoch improves when its loss < best - min_delta (the best starts at +infinity,
// so the first finite loss improves; NaN never does). An improvement resets the count of epochs
// without improvement, every other epoch adds one to it, and training stops at the end of an epoch
// without improvement once the count reaches `patience` (patience 0: at the first such epoch),
// though never after the first epoch. The state (best loss and epoch, the count, whether it
// stopped) goes into checkpoints, so a resumed run stops where an uninterrupted one does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace dendrite {

struct EarlyStoppingConfig {
  std::int64_t patience = 0;  // >= 0: epochs without improvement tolerated before stopping
  double min_delta = 0.0;     // >= 0: how much lower than the best a loss must be to count
  bool restore_best = true;   // end the run with the best epoch's weights (restore_best_weights)
};

// {"patience", "min_delta", "restore_best"}, or null without early stopping: what a run records.
nlohmann::json early_stopping_config_json(const std::optional<EarlyStoppingConfig>& cfg);
// The inverse (null: none); Error naming `context` and the field.
std::optional<EarlyStoppingConfig> early_stopping_config_from_json(const nlohmann::json& j, const std::string& context);

class EarlyStopping {
 public:
  explicit EarlyStopping(EarlyStoppingConfig config = {});  // throws Error for bad values

  // The end of epoch `epoch` (1-based) with its validation loss; true when it is the new best.
  bool end_epoch(std::int64_t epoch, double validation_loss);
  bool stopped() const { return stopped_; }

  std::int64_t best_epoch() const { return best_epoch_; }  // 0: no epoch improved yet
  double best_loss() const { return best_loss_; }          // valid when best_epoch() > 0
  std::int64_t bad_epochs() const { return bad_epochs_; }
  const EarlyStoppingConfig& config() const { return config_; }

  // {"best_epoch": e, "best_loss": loss or null, "bad_epochs": n, "stopped": bool}
  nlohmann::json state() const;
  void load_state(const nlohmann::json& state);  // throws Error naming the field

 private:
  EarlyStoppingConfig config_;
  std::int64_t best_epoch_ = 0;
  double best_loss_ = 0;
  std::int64_t bad_epochs_ = 0;
  bool stopped_ = false;
};

}  // namespace dendrite
