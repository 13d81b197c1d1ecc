// EarlyStopping: watches the validation loss after each epoch, as Keras' EarlyStopping(monitor =
// "val_loss", mode = "min", min_delta, patience, restore_best_weights) does, and says when to stop.
//
//   EarlyStopping es({/*patience=*/5, /*min_delta=*/0.0});
//   for (epoch = 1; ...; ++epoch) {                       // 1-based
//     ... train, validate ...
//     if (es.end_epoch(epoch, val_loss)) keep_best_weights();
//     if (es.should_stop()) break;
//   }
//   es.best_epoch();                                      // the epoch whose weights to restore
//
// An epoch improves when its loss < best - min_delta (the first epoch always does; NaN never
// does). Each epoch that does not improve adds one to the bad-epoch count, an improvement resets
// it, and training stops once the count reaches `patience`. patience 0 never stops: the object
// then only tracks the best epoch. The state (best loss and epoch, the count) goes into
// checkpoints, so a resumed run stops where an uninterrupted one does.
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

namespace dendrite {

struct EarlyStoppingConfig {
  std::int64_t patience = 0;  // epochs without improvement before stopping; 0: never stop
  double min_delta = 0.0;     // >= 0: how much lower than the best a loss must be to count
};

class EarlyStopping {
 public:
  explicit EarlyStopping(EarlyStoppingConfig config = {});  // throws Error for bad values

  // The end of epoch `epoch` (1-based) with its validation loss; true when it is the new best.
  bool end_epoch(std::int64_t epoch, double validation_loss);
  bool should_stop() const { return config_.patience > 0 && bad_epochs_ >= config_.patience; }

  std::int64_t best_epoch() const { return best_epoch_; }  // 0: no epoch seen yet
  double best_loss() const { return best_loss_; }          // valid when best_epoch() > 0
  std::int64_t bad_epochs() const { return bad_epochs_; }
  const EarlyStoppingConfig& config() const { return config_; }

  // {"best_epoch": e, "best_loss": loss or null, "bad_epochs": n}
  nlohmann::json state() const;
  void load_state(const nlohmann::json& state);  // throws Error naming the field

 private:
  EarlyStoppingConfig config_;
  std::int64_t best_epoch_ = 0;
  double best_loss_ = 0;
  std::int64_t bad_epochs_ = 0;
};

}  // namespace dendrite
