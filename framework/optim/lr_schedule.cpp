#include "framework/optim/lr_schedule.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "framework/core/error.h"
#include "framework/core/json_fields.h"

namespace dendrite {

namespace {

constexpr double kPi = 3.14159265358979323846;

bool known_kind(const std::string& kind) {
  return kind == "constant" || kind == "step" || kind == "cosine" || kind == "plateau";
}

}  // namespace

nlohmann::json lr_schedule_config_json(const LrScheduleConfig& cfg) {
  nlohmann::json j = {{"kind", cfg.kind}, {"warmup_epochs", cfg.warmup_epochs}};
  if (cfg.kind == "step") {
    j["step_size"] = cfg.step_size;
    j["gamma"] = cfg.gamma;
  }
  if (cfg.kind == "cosine" || cfg.kind == "plateau") j["min_lr"] = cfg.min_lr;
  if (cfg.kind == "plateau") {
    j["factor"] = cfg.factor;
    j["patience"] = cfg.patience;
  }
  return j;
}

LrScheduleConfig lr_schedule_config_from_json(const nlohmann::json& j, const std::string& context) {
  LrScheduleConfig c;
  const nlohmann::json& kind = json_field(j, "kind", context);
  DENDRITE_CHECK(kind.is_string(), "{} 'kind' must be a string, got {}", context, kind.dump());
  c.kind = kind.get<std::string>();
  c.warmup_epochs = json_count(j, "warmup_epochs", context);
  const auto real = [&](const char* key, double& value) {
    if (!j.contains(key)) return;
    DENDRITE_CHECK(j[key].is_number() && std::isfinite(j[key].get<double>()), "{} '{}' must be a finite number, got {}",
                   context, key, j[key].dump());
    value = j[key].get<double>();
  };
  if (j.contains("step_size")) c.step_size = json_count(j, "step_size", context);
  if (j.contains("patience")) c.patience = json_count(j, "patience", context);
  real("gamma", c.gamma);
  real("min_lr", c.min_lr);
  real("factor", c.factor);
  return c;
}

bool lr_schedule_needs_validation(const std::string& kind) { return kind == "plateau"; }

std::optional<LrScheduleProblem> find_lr_schedule_problem(const LrScheduleConfig& cfg, double base_lr,
                                                          std::int64_t epochs) {
  const auto problem = [](const char* field, std::string message) {
    return std::optional<LrScheduleProblem>(LrScheduleProblem{field, std::move(message)});
  };
  if (!known_kind(cfg.kind))
    return problem("kind", fmt::format("must be one of constant, step, cosine, plateau, got '{}'", cfg.kind));
  if (!(std::isfinite(base_lr) && base_lr > 0)) return problem("lr", fmt::format("must be > 0, got {}", base_lr));
  if (epochs < 0) return problem("epochs", fmt::format("must be non-negative, got {}", epochs));
  if (cfg.warmup_epochs < 0) return problem("warmup_epochs", fmt::format("must be >= 0, got {}", cfg.warmup_epochs));
  if (cfg.kind == "cosine" && cfg.warmup_epochs >= epochs) {
    return problem("warmup_epochs", fmt::format("must be below the epochs ({}) so that the cosine spans at least one "
                                                "epoch, got {}", epochs, cfg.warmup_epochs));
  }
  if (cfg.warmup_epochs > epochs)
    return problem("warmup_epochs", fmt::format("must be at most the epochs ({}), got {}", epochs, cfg.warmup_epochs));
  if (cfg.kind == "step" && cfg.step_size < 1)
    return problem("step_size", fmt::format("must be >= 1, got {}", cfg.step_size));
  if (cfg.kind == "step" && !(std::isfinite(cfg.gamma) && cfg.gamma > 0))
    return problem("gamma", fmt::format("must be > 0, got {}", cfg.gamma));
  if ((cfg.kind == "cosine" || cfg.kind == "plateau") &&
      !(std::isfinite(cfg.min_lr) && cfg.min_lr >= 0 && cfg.min_lr < base_lr))
    return problem("min_lr", fmt::format("must be >= 0 and below the lr ({}), got {}", base_lr, cfg.min_lr));
  if (cfg.kind == "plateau" && !(std::isfinite(cfg.factor) && cfg.factor > 0 && cfg.factor < 1))
    return problem("factor", fmt::format("must be in (0, 1), got {}", cfg.factor));
  if (cfg.kind == "plateau" && cfg.patience < 0)
    return problem("patience", fmt::format("must be >= 0, got {}", cfg.patience));
  return std::nullopt;
}

void validate_lr_schedule(const LrScheduleConfig& cfg, double base_lr, std::int64_t epochs) {
  if (const auto p = find_lr_schedule_problem(cfg, base_lr, epochs))
    throw Error(fmt::format("lr schedule {}: {} {}", cfg.kind, p->field, p->message));
}

LrSchedule::LrSchedule(LrScheduleConfig cfg, double base_lr, std::int64_t epochs)
    : cfg_(std::move(cfg)), base_lr_(base_lr), epochs_(epochs) {
  validate_lr_schedule(cfg_, base_lr_, epochs_);
}

double LrSchedule::plateau_lr(std::int64_t reductions) const {
  return std::max(base_lr_ * std::pow(cfg_.factor, static_cast<double>(reductions)), cfg_.min_lr);
}

double LrSchedule::lr(std::int64_t epoch) const {
  DENDRITE_CHECK(epoch >= 0, "lr schedule: epoch {} is negative", epoch);
  const std::int64_t w = cfg_.warmup_epochs;
  if (epoch < w) return base_lr_ * static_cast<double>(epoch + 1) / static_cast<double>(w);
  const std::int64_t t = epoch - w;
  if (cfg_.kind == "step")
    return base_lr_ * std::pow(cfg_.gamma, static_cast<double>(t / cfg_.step_size));
  if (cfg_.kind == "cosine") {
    const double span = static_cast<double>(epochs_ - w);
    return cfg_.min_lr + (base_lr_ - cfg_.min_lr) * (1 + std::cos(kPi * static_cast<double>(t) / span)) / 2;
  }
  if (cfg_.kind == "plateau") return plateau_lr(reductions_);
  return base_lr_;
}

void LrSchedule::end_epoch(std::int64_t epoch, double validation_loss) {
  if (cfg_.kind != "plateau" || epoch < cfg_.warmup_epochs) return;
  if (!best_ || validation_loss < *best_ * (1 - kPlateauThreshold)) {
    best_ = validation_loss;
    bad_epochs_ = 0;
  } else {
    bad_epochs_ += 1;
  }
  if (bad_epochs_ > cfg_.patience) {
    if (plateau_lr(reductions_) - plateau_lr(reductions_ + 1) > kPlateauMinChange) reductions_ += 1;
    bad_epochs_ = 0;
  }
}

nlohmann::json LrSchedule::state() const {
  return {{"kind", cfg_.kind},
          {"reductions", reductions_},
          {"best", best_ ? nlohmann::json(*best_) : nlohmann::json(nullptr)},
          {"bad_epochs", bad_epochs_}};
}

void LrSchedule::load_state(const nlohmann::json& state) {
  const std::string context = "lr schedule state:";
  const nlohmann::json& kind = json_field(state, "kind", context);
  DENDRITE_CHECK(kind.is_string() && kind.get<std::string>() == cfg_.kind,
                 "lr schedule state: it is of the schedule {}, this run uses '{}'", kind.dump(), cfg_.kind);
  const nlohmann::json& best = json_field(state, "best", context);
  DENDRITE_CHECK(best.is_null() || best.is_number(), "lr schedule state: 'best' must be a number or null, got {}",
                 best.dump());
  reductions_ = json_count(state, "reductions", context);
  bad_epochs_ = json_count(state, "bad_epochs", context);
  best_.reset();
  if (best.is_number()) best_ = best.get<double>();
}

}  // namespace dendrite
