// LrSchedule: the learning rate of each epoch (set at the start of the epoch), following the
// definitions of PyTorch's torch.optim.lr_scheduler, optionally after a linear warmup.
//
//   LrScheduleConfig cfg;
//   cfg.kind = "cosine";  cfg.warmup_epochs = 2;  cfg.min_lr = 1e-5;
//   LrSchedule schedule(cfg, /*base_lr=*/1e-3, /*epochs=*/20);
//   for (std::int64_t e = 0; e < 20; ++e) {
//     optimizer.set_lr(schedule.lr(e));          // at the start of epoch e (0-based)
//     ... train, validate ...
//     schedule.end_epoch(e, val_loss);           // only plateau reads the loss
//   }
//   nlohmann::json s = schedule.state();         // into the checkpoint; load_state(s) on resume
//
// With b the base lr, e the 0-based epoch, W = warmup_epochs and t = e - W the epoch count of the
// main schedule:
//   warmup (e < W):  b * (e + 1) / W, i.e. from b / W up to b in the last warmup epoch. In PyTorch
//                    terms LinearLR(start_factor = 1/W, end_factor = 1, total_iters = W - 1) for
//                    the first W epochs, then the main schedule from epoch W on (SequentialLR
//                    with milestones = [W]): the main schedule starts at its own epoch 0.
//   constant:        b
//   step:            b * gamma^floor(t / step_size)                 (StepLR, closed form)
//   cosine:          min_lr + (b - min_lr) * (1 + cos(pi * t / T)) / 2, T = epochs - W
//                    (CosineAnnealingLR with T_max = T, eta_min = min_lr, closed form; the last
//                    epoch is t = T - 1, so the lr stays above min_lr)
//   plateau:         ReduceLROnPlateau(mode "min", factor, patience, threshold 1e-4 in "rel" mode,
//                    cooldown 0, min_lr, eps 1e-8) on the validation loss v of each epoch after
//                    the warmup: v improves when v < best * (1 - 1e-4); otherwise the count of bad
//                    epochs grows, and when it exceeds `patience` the lr becomes
//                    max(lr * factor, min_lr) (only if that lowers it by more than 1e-8) and the
//                    count restarts. The lr after k reductions is max(b * factor^k, min_lr).
//
// All lrs are computed from the epoch and (plateau) the state in closed form, in double, so a
// schedule restored with load_state gives bit for bit the lrs of an uninterrupted run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace dendrite {

struct LrScheduleConfig {
  std::string kind = "constant";  // constant | step | cosine | plateau
  std::int64_t warmup_epochs = 0;
  std::int64_t step_size = 0;     // step: epochs per decay (>= 1)
  double gamma = 0.1;             // step: decay factor (> 0)
  double min_lr = 0.0;            // cosine: eta_min; plateau: the lowest lr
  double factor = 0.1;            // plateau: lr multiplier on a plateau, in (0, 1)
  std::int64_t patience = 10;     // plateau: bad epochs tolerated before a reduction
};

// The threshold of ReduceLROnPlateau ("rel" mode: improvement = loss < best * (1 - threshold))
// and the smallest change of the lr it applies; PyTorch's defaults.
inline constexpr double kPlateauThreshold = 1e-4;
inline constexpr double kPlateauMinChange = 1e-8;

struct LrScheduleProblem {
  std::string field;    // the value at fault: "kind", "lr", "epochs" or a LrScheduleConfig field
  std::string message;  // what it must be, and what it is: "must be >= 1, got 0"
};

// The first reason why `cfg` does not make a schedule for `base_lr` over `epochs`, or none. A tool
// names its option for the field ("--lr-step-size must be >= 1, got 0").
std::optional<LrScheduleProblem> find_lr_schedule_problem(const LrScheduleConfig& cfg, double base_lr,
                                                          std::int64_t epochs);
// Throws Error "lr schedule <kind>: <field> <message>" when there is a problem.
void validate_lr_schedule(const LrScheduleConfig& cfg, double base_lr, std::int64_t epochs);

// {"kind", "warmup_epochs"} plus the parameters the kind reads ("step_size", "gamma"; "min_lr";
// "factor", "patience", "min_lr"): what a run records of its schedule.
nlohmann::json lr_schedule_config_json(const LrScheduleConfig& cfg);
// The inverse: the fields it holds over the defaults; Error naming `context` and the field.
LrScheduleConfig lr_schedule_config_from_json(const nlohmann::json& j, const std::string& context);

// True for the kinds that read the validation loss (plateau).
bool lr_schedule_needs_validation(const std::string& kind);

class LrSchedule {
 public:
  // Validates (see validate_lr_schedule).
  LrSchedule(LrScheduleConfig cfg, double base_lr, std::int64_t epochs);

  // The lr of epoch `epoch` (0-based), given the ends of the epochs before it.
  double lr(std::int64_t epoch) const;
  // The end of epoch `epoch` with its validation loss (read by plateau, after the warmup only).
  void end_epoch(std::int64_t epoch, double validation_loss);

  const LrScheduleConfig& config() const { return cfg_; }

  // {"kind": ..., "reductions": k, "best": loss or null, "bad_epochs": n}.
  nlohmann::json state() const;
  // Restores state(); the kind must match. Throws Error naming the field otherwise.
  void load_state(const nlohmann::json& state);

 private:
  double plateau_lr(std::int64_t reductions) const;

  LrScheduleConfig cfg_;
  double base_lr_;
  std::int64_t epochs_;
  // plateau
  std::int64_t reductions_ = 0;
  std::optional<double> best_;
  std::int64_t bad_epochs_ = 0;
};

}  // namespace dendrite
