// The Trainer's state in checkpoints: the model, the optimizer's state, the position in training
// (epoch, batch, the partial epoch's sums), the history, the lr schedule's and early stopping's
// state and the second weight set (NOTE [two weight sets] in trainer.h).
#include <string>
#include <utility>
#include <vector>

#include "framework/core/error.h"
#include "framework/train/model_io.h"
#include "framework/train/trainer.h"

namespace dendrite {

namespace {
const char* other_weights_prefix(bool restored_best) { return restored_best ? "last/" : "best/"; }
}  // namespace

Checkpoint Trainer::training_checkpoint() const {
  Checkpoint c = model_checkpoint(model_);
  nlohmann::json history = nlohmann::json::array();
  for (const auto& s : history_) history.push_back(s.to_json());
  c.meta["training"] = {{"epoch", epoch_},
                        {"next_batch", next_batch_},
                        {"partial_loss", partial_loss_},
                        {"partial_correct", partial_correct_},
                        {"partial_samples", partial_samples_},
                        {"partial_seconds", partial_seconds_},
                        {"optimizer_steps", step_.optimizer().steps()},
                        {"seed", config_.seed},
                        {"batch", config_.batch},
                        {"lr_schedule", schedule_.state()},
                        {"early_stopping", early_stopping_ ? early_stopping_->state() : nlohmann::json()},
                        {"restored_best", restored_best_},
                        {"history", history}};
  c.meta["run"] = config_.run_info;
  for (auto& [name, t] : step_.optimizer().state()) c.tensors.emplace_back("optimizer/" + name, t);
  if (best_) best_->append_to(c, other_weights_prefix(restored_best_));
  return c;
}

Checkpoint Trainer::best_checkpoint() const {
  DENDRITE_CHECK(early_stopping_ && early_stopping_->best_epoch() > 0, "there is no best epoch without early stopping");
  Checkpoint c = model_checkpoint(model_);
  if (!restored_best_) best_->replace_in(c);  // else the model holds the best weights already
  c.meta["best"] = {{"epoch", early_stopping_->best_epoch()}, {"val_loss", early_stopping_->best_loss()}};
  c.meta["run"] = config_.run_info;
  return c;
}

void Trainer::load_checkpoint(const std::string& path) { restore(dendrite::load_checkpoint(path), path); }

void Trainer::restore(const Checkpoint& c, const std::string& path) {
  restore_model_tensors(model_, c, path, /*constants_must_match=*/true);
  DENDRITE_CHECK(c.meta.contains("training"), "checkpoint '{}' has no training state", path);
  const nlohmann::json& t = c.meta["training"];
  // Counts must be non-negative JSON integers (get<> would truncate 1.5 and overflow on 1e300).
  const auto count = [&](const char* key) {
    const nlohmann::json& v = t.at(key);
    DENDRITE_CHECK(v.is_number_integer() && v.get<std::int64_t>() >= 0,
                   "checkpoint '{}': training state field '{}' must be a non-negative integer, got {}", path, key,
                   v.dump());
    return v.get<std::int64_t>();
  };
  // State a trainer writes since schedules and early stopping exist; older checkpoints lack it.
  const auto optional = [&](const char* key) -> nlohmann::json {
    const auto it = t.find(key);
    return it == t.end() ? nlohmann::json() : *it;
  };
  try {
    DENDRITE_CHECK(t.is_object(), "checkpoint '{}': the training state is not a JSON object", path);
    epoch_ = count("epoch");
    next_batch_ = count("next_batch");
    partial_loss_ = t.at("partial_loss").get<double>();
    partial_correct_ = t.at("partial_correct").get<double>();
    partial_samples_ = count("partial_samples");
    partial_seconds_ = t.at("partial_seconds").get<double>();
    history_.clear();
    for (const auto& h : t.at("history")) {
      try {
        history_.push_back(EpochStats::from_json(h));
      } catch (const Error& e) {
        throw Error(fmt::format("checkpoint '{}': bad training history: {}", path, e.what()));
      }
    }
    std::vector<std::pair<std::string, Tensor>> state;
    const std::string prefix = "optimizer/";
    for (const auto& [name, tensor] : c.tensors)
      if (name.rfind(prefix, 0) == 0) state.emplace_back(name.substr(prefix.size()), tensor);
    step_.optimizer().load_state(state, count("optimizer_steps"));

    const nlohmann::json schedule = optional("lr_schedule");
    if (!schedule.is_null()) schedule_.load_state(schedule);
    const nlohmann::json stopping = optional("early_stopping");
    const bool started = epoch_ > 0 || next_batch_ > 0;
    DENDRITE_CHECK(!stopping.is_null() || !early_stopping_ || !started,
                   "checkpoint '{}' comes from a run without early stopping; continue it without", path);
    DENDRITE_CHECK(stopping.is_null() || early_stopping_,
                   "checkpoint '{}' comes from a run with early stopping; continue it with early stopping", path);
    const nlohmann::json restored = optional("restored_best");
    DENDRITE_CHECK(restored.is_null() || restored.is_boolean(),
                   "checkpoint '{}': training state field 'restored_best' must be true or false, got {}", path,
                   restored.dump());
    restored_best_ = restored.is_boolean() && restored.get<bool>();
    if (early_stopping_) {
      if (!stopping.is_null()) early_stopping_->load_state(stopping);
      DENDRITE_CHECK(!restored_best_ || early_stopping_->best_epoch() > 0,
                     "checkpoint '{}': the best weights are restored, and there is no best epoch", path);
      if (early_stopping_->best_epoch() > 0) best_->load(c, other_weights_prefix(restored_best_));
    } else {
      DENDRITE_CHECK(!restored_best_, "checkpoint '{}': the best weights are restored without early stopping", path);
    }
    best_written_ = 0;  // the file may be older than the checkpoint: written again after the next epoch
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("checkpoint '{}': bad training state: {}", path, e.what()));
  } catch (const Error& e) {
    const std::string what = e.what();
    if (what.find(path) != std::string::npos) throw;
    throw Error(fmt::format("checkpoint '{}': {}", path, what));
  }
}

}  // namespace dendrite
