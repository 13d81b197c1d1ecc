// The Optimizer base (argument checks, state bookkeeping) and make_optimizer.
#include "framework/optim/optimizer.h"

#include <cmath>
#include <cstring>
#include <set>
#include <unordered_map>

#include "framework/core/error.h"
#include "framework/optim/optimizer_kinds.h"

namespace dendrite {

namespace {

// Joins up to `limit` names for an error message, then says how many more there are.
std::string list_names(const std::vector<std::string>& names, std::size_t limit = 6) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < limit; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > limit) out += fmt::format(" and {} more", names.size() - limit);
  return out;
}

std::string describe(const Tensor& t) { return fmt::format("{} {}", shape_str(t.shape()), dtype_name(t.dtype())); }

}  // namespace

void validate_optimizer_config(const OptimizerConfig& cfg) {
  DENDRITE_CHECK(cfg.type == "sgd" || cfg.type == "adam" || cfg.type == "adamw",
                 "unknown optimizer type '{}' (known: sgd, adam, adamw)", cfg.type);
  DENDRITE_CHECK(std::isfinite(cfg.lr) && cfg.lr > 0, "optimizer lr must be > 0, got {}", cfg.lr);
  DENDRITE_CHECK(std::isfinite(cfg.weight_decay) && cfg.weight_decay >= 0,
                 "optimizer weight_decay must be >= 0, got {}", cfg.weight_decay);
  DENDRITE_CHECK(std::isfinite(cfg.momentum) && cfg.momentum >= 0, "optimizer momentum must be >= 0, got {}",
                 cfg.momentum);
  DENDRITE_CHECK(!cfg.nesterov || cfg.momentum > 0, "optimizer nesterov needs momentum > 0, got momentum {}",
                 cfg.momentum);
  DENDRITE_CHECK(cfg.type == "sgd" || (cfg.momentum == 0 && !cfg.nesterov),
                 "optimizer momentum and nesterov apply to sgd only, not to {} (which uses beta1)", cfg.type);
  DENDRITE_CHECK(cfg.beta1 >= 0 && cfg.beta1 < 1, "optimizer beta1 must be in [0, 1), got {}", cfg.beta1);
  DENDRITE_CHECK(cfg.beta2 >= 0 && cfg.beta2 < 1, "optimizer beta2 must be in [0, 1), got {}", cfg.beta2);
  DENDRITE_CHECK(std::isfinite(cfg.eps) && cfg.eps > 0, "optimizer eps must be > 0, got {}", cfg.eps);
}

Optimizer::Optimizer(OptimizerConfig cfg, NamedTensors named_params)
    : cfg_(std::move(cfg)), params_(std::move(named_params)) {
  std::set<std::string> seen;
  for (const auto& [name, t] : params_) {
    DENDRITE_CHECK(!name.empty(), "optimizer: a parameter has an empty name");
    DENDRITE_CHECK(seen.insert(name).second, "optimizer: two parameters are named '{}'", name);
    DENDRITE_CHECK(t.dtype() == DType::f32, "optimizer: parameter '{}' is {}, expected f32", name,
                   dtype_name(t.dtype()));
    DENDRITE_CHECK(t.numel() == shape_numel(t.shape()) && (t.raw() != nullptr || t.numel() == 0),
                   "optimizer: parameter '{}' is an undefined tensor", name);
  }
}

Optimizer::~Optimizer() = default;

std::size_t Optimizer::add_state_slot(const std::string& slot) {
  slot_names_.push_back(slot);
  std::vector<Tensor>& tensors = state_.emplace_back();
  for (const auto& entry : params_) tensors.emplace_back(entry.second.shape(), DType::f32);
  return state_.size() - 1;
}

void Optimizer::set_lr(double lr) {
  DENDRITE_CHECK(std::isfinite(lr) && lr > 0, "optimizer lr must be > 0, got {}", lr);
  cfg_.lr = lr;
}

void Optimizer::step(const std::vector<const Tensor*>& grads) {
  DENDRITE_CHECK(grads.size() == params_.size(), "optimizer step: {} gradients for {} parameters",
                 grads.size(), params_.size());
  for (std::size_t i = 0; i < grads.size(); ++i) {
    const auto& [name, p] = params_[i];
    DENDRITE_CHECK(grads[i] != nullptr, "optimizer step: no gradient for parameter '{}'", name);
    DENDRITE_CHECK(grads[i]->dtype() == DType::f32 && grads[i]->shape() == p.shape(),
                   "optimizer step: gradient for parameter '{}' is {}, expected {}", name,
                   describe(*grads[i]), describe(p));
  }
  ++steps_;
  for (std::size_t i = 0; i < grads.size(); ++i) {
    Tensor& p = params_[i].second;
    update(i, p.f32(), grads[i]->f32(), p.numel());
  }
}

std::string Optimizer::state_name(std::size_t slot, std::size_t param) const {
  return cfg_.type + "." + slot_names_[slot] + "." + params_[param].first;
}

NamedTensors Optimizer::state() const {
  NamedTensors out;
  for (std::size_t s = 0; s < state_.size(); ++s)
    for (std::size_t i = 0; i < params_.size(); ++i)
      out.emplace_back(state_name(s, i), state_[s][i].clone());
  return out;
}

void Optimizer::load_state(const NamedTensors& state, std::int64_t steps) {
  DENDRITE_CHECK(steps >= 0, "optimizer load_state: step count {} is negative", steps);
  std::unordered_map<std::string, const Tensor*> given;
  for (const auto& [name, t] : state) given.emplace(name, &t);

  std::vector<std::string> missing;
  std::vector<std::string> mismatched;
  std::vector<std::pair<Tensor*, const Tensor*>> copies;
  std::size_t found = 0;
  for (std::size_t s = 0; s < state_.size(); ++s) {
    for (std::size_t i = 0; i < params_.size(); ++i) {
      const std::string name = state_name(s, i);
      const auto it = given.find(name);
      if (it == given.end()) {
        missing.push_back(name);
        continue;
      }
      ++found;
      Tensor& dst = state_[s][i];
      const Tensor& src = *it->second;
      if (src.dtype() != dst.dtype() || src.shape() != dst.shape())
        mismatched.push_back(fmt::format("{} is {}, expected {}", name, describe(src), describe(dst)));
      else
        copies.emplace_back(&dst, &src);
    }
  }
  DENDRITE_CHECK(missing.empty(), "optimizer load_state ({}): missing state tensors: {}", cfg_.type,
                 list_names(missing));
  DENDRITE_CHECK(mismatched.empty(), "optimizer load_state ({}): {}", cfg_.type, list_names(mismatched));
  if (found != state.size()) {  // names we do not know, or a name given twice
    std::set<std::string> expected;
    for (std::size_t s = 0; s < state_.size(); ++s)
      for (std::size_t i = 0; i < params_.size(); ++i) expected.insert(state_name(s, i));
    std::vector<std::string> unknown;
    for (const auto& entry : state)
      if (!expected.count(entry.first)) unknown.push_back(entry.first);
    throw Error(fmt::format("optimizer load_state ({}): {}", cfg_.type,
                            unknown.empty() ? std::string("a state tensor name appears twice")
                                            : "unexpected state tensors: " + list_names(unknown)));
  }
  for (auto& [dst, src] : copies)
    if (dst->nbytes()) std::memcpy(dst->raw(), src->raw(), dst->nbytes());
  steps_ = steps;
}

std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& cfg, NamedTensors named_params) {
  validate_optimizer_config(cfg);
  if (cfg.type == "sgd") return make_sgd(cfg, std::move(named_params));
  return make_adam(cfg, std::move(named_params));
}

}  // namespace dendrite
