#include "tools/protocol_options.h"

#include <string>
#include <utility>

#include "tools/cli_common.h"

namespace dendrite::tools {

namespace {

// Each option of the schedule with the field it sets (the fields of lr_schedule_config_json).
const std::pair<const char*, const char*> kScheduleOptions[] = {
    {"--lr-schedule", "kind"}, {"--warmup-epochs", "warmup_epochs"}, {"--lr-step-size", "step_size"},
    {"--lr-gamma", "gamma"},   {"--lr-min", "min_lr"},               {"--lr-factor", "factor"},
    {"--lr-patience", "patience"}, {"--lr", "lr"}, {"--epochs", "epochs"}};

const char* schedule_option(const std::string& field) {
  for (const auto& [option, f] : kScheduleOptions)
    if (field == f) return option;
  return "--lr-schedule";
}

const char* const kEarlyStoppingOptions[] = {"--min-delta", "--restore-best"};

}  // namespace

void add_protocol_options(CLI::App& cmd, ProtocolOptions& o) {
  LrScheduleConfig& s = o.lr_schedule;
  cmd.add_option("--lr-schedule", s.kind, "lr per epoch: constant | step (StepLR) | cosine (CosineAnnealingLR) | "
                 "plateau (ReduceLROnPlateau on the validation loss)")
      ->capture_default_str()
      ->check(CLI::IsMember({"constant", "step", "cosine", "plateau"}));
  cmd.add_option("--warmup-epochs", s.warmup_epochs, "linear warmup first: epoch e < W runs at lr * (e + 1) / W")
      ->capture_default_str()
      ->check(non_negative_integer());
  cmd.add_option("--lr-step-size", s.step_size, "step: epochs between two decays (StepLR's step_size)")
      ->check(positive_integer());
  cmd.add_option("--lr-gamma", s.gamma, "step: decay factor (StepLR's gamma)")
      ->capture_default_str()
      ->check(positive_number());
  cmd.add_option("--lr-min", s.min_lr, "cosine: the lr it ends near (eta_min); plateau: the lowest lr (min_lr)")
      ->capture_default_str()
      ->check(non_negative_number());
  cmd.add_option("--lr-factor", s.factor, "plateau: lr multiplier on a plateau (factor)")->capture_default_str();
  cmd.add_option("--lr-patience", s.patience, "plateau: epochs without improvement before a reduction (patience)")
      ->capture_default_str()
      ->check(non_negative_integer());
  cmd.add_option("--early-stop", o.early_stop, "stop once the validation loss has not improved for PATIENCE epochs "
                 "(Keras' EarlyStopping); best.ckpt holds the best epoch's model")
      ->type_name("PATIENCE")
      ->check(non_negative_integer());
  cmd.add_option("--min-delta", o.min_delta, "early stopping: the drop of the validation loss that counts as an "
                 "improvement")
      ->capture_default_str()
      ->check(non_negative_number());
  cmd.add_flag("--restore-best,!--no-restore-best", o.restore_best,
               "early stopping: end with the best epoch's weights (test, checkpoint and export use them; default on)");
}

void check_protocol_options(const CLI::App& cmd, const ProtocolOptions& o, double lr, std::int64_t epochs,
                            double validation) {
  const LrScheduleConfig& s = o.lr_schedule;
  const nlohmann::json reads = lr_schedule_config_json(s);
  std::string takes;
  for (const auto& [option, field] : kScheduleOptions)
    if (reads.contains(field)) takes += (takes.empty() ? "" : ", ") + std::string(option);
  for (const auto& [option, field] : kScheduleOptions) {
    if (std::string(field) == "lr" || std::string(field) == "epochs") continue;
    DENDRITE_USAGE_CHECK(cmd.count(option) == 0 || reads.contains(field),
                         "{} does not apply to --lr-schedule {}; {} takes {}", option, s.kind, s.kind, takes);
  }
  if (const auto p = find_lr_schedule_problem(s, lr, epochs)) {
    DENDRITE_USAGE_CHECK(p->field != "step_size" || cmd.count("--lr-step-size") > 0,
                         "--lr-schedule step needs --lr-step-size (the epochs between two decays)");
    throw UsageError(fmt::format("{} {}", schedule_option(p->field), p->message));
  }
  for (const char* option : kEarlyStoppingOptions) {
    if (o.early_stop >= 0 || cmd.count(option) == 0) continue;
    // --restore-best and --no-restore-best are one option; the message names the one given.
    const std::string given = std::string(option) == "--restore-best" && !o.restore_best ? "--no-restore-best" : option;
    throw UsageError(fmt::format("{} applies to early stopping; add --early-stop PATIENCE or drop {}", given, given));
  }
  DENDRITE_USAGE_CHECK(o.early_stop < 0 || validation > 0,
                       "--early-stop watches the validation loss, and --validation 0 holds none out; give "
                       "--validation above 0");
  DENDRITE_USAGE_CHECK(!lr_schedule_needs_validation(s.kind) || validation > 0,
                       "--lr-schedule {} reads the validation loss, and --validation 0 holds none out; give "
                       "--validation above 0", s.kind);
}

std::optional<EarlyStoppingConfig> early_stopping_config(const ProtocolOptions& o) {
  if (o.early_stop < 0) return std::nullopt;
  return EarlyStoppingConfig{o.early_stop, o.min_delta, o.restore_best};
}

}  // namespace dendrite::tools
