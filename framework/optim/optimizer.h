// Optimizers: update model parameters in place from their gradients (SGD, Adam, AdamW).
//
//   OptimizerConfig cfg;                        // Adam, lr 1e-3, betas 0.9/0.999, eps 1e-7
//   auto opt = make_optimizer(cfg, {{"dense1.w", w}, {"dense1.b", b}});
//   opt->step({&d_w, &d_b});                    // one gradient per parameter, same order
//
//   auto state = opt->state();                  // for checkpoints: "adam.m.dense1.w", ...
//   opt2->load_state(state, opt->steps());      // continues exactly where opt left off
//
// The parameters given to make_optimizer are Tensors sharing storage with the model's parameters
// (plain Tensor copies share storage), so step() updates the model. All state tensors are
// allocated at construction; step() allocates nothing. Updates are plain per-element loops in
// f32 and are deterministic.
//
// Semantics follow PyTorch (torch.optim.SGD / Adam / AdamW), with g the gradient, p the parameter
// and t the step number counted from 1:
//   sgd:   g += wd * p;  if momentum > 0: v = momentum * v + g,
//                                         g = nesterov ? g + momentum * v : v;
//          p -= lr * g
//   adam:  g += wd * p  (L2 penalty added to the gradient);
//          m = b1 * m + (1 - b1) * g;  v = b2 * v + (1 - b2) * g^2;
//          p -= lr / (1 - b1^t) * m / (sqrt(v / (1 - b2^t)) + eps)
//   adamw: p -= lr * wd * p  (decoupled weight decay), then the adam update without the L2 term.
//
// NOTE the default eps is 1e-7, not PyTorch's 1e-8: the dANN paper (Chavlis & Poirazi 2025)
// trains with the Keras defaults. Keras also adds eps to sqrt(v) before the bias correction,
// which amounts to a larger eps (eps / sqrt(1 - b2^t)) early in training; we add it to
// sqrt(v_hat) as PyTorch does.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "framework/core/tensor.h"

namespace dendrite {

struct OptimizerConfig {
  std::string type = "adam";  // sgd | adam | adamw
  double lr = 1e-3;
  double momentum = 0.0;  // sgd only
  bool nesterov = false;  // sgd only, needs momentum > 0
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-7;  // adam and adamw
  double weight_decay = 0.0;  // sgd/adam: L2 added to the gradient; adamw: decoupled
};

// Throws Error naming the field when `cfg` is invalid (see make_optimizer).
void validate_optimizer_config(const OptimizerConfig& cfg);

using NamedTensors = std::vector<std::pair<std::string, Tensor>>;

class Optimizer {
 public:
  virtual ~Optimizer();
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  // One gradient per parameter, in the order the parameters were given, each with the parameter's
  // shape and dtype f32. Everything is checked (errors name the parameter) before anything changes.
  void step(const std::vector<const Tensor*>& grads);

  // Number of step() calls so far (plus the count given to load_state).
  std::int64_t steps() const { return steps_; }
  const OptimizerConfig& config() const { return cfg_; }
  const NamedTensors& params() const { return params_; }
  // Changes the learning rate for the following steps (learning-rate schedules). lr > 0.
  void set_lr(double lr);

  // Deep copies of every state tensor, named "<type>.<slot>.<param name>" (e.g. "adam.m.dense1.w",
  // "adam.v.dense1.w", "sgd.momentum.dense1.w"); plain SGD has none.
  NamedTensors state() const;
  // Restores what state() returned and the step count. Every state tensor must be present with the
  // right shape and dtype and no unknown names may appear; errors list the offending names.
  void load_state(const NamedTensors& state, std::int64_t steps);

 protected:
  // Takes a validated config. Parameters must be f32, defined, with unique non-empty names.
  Optimizer(OptimizerConfig cfg, NamedTensors named_params);

  // Adds one zero state tensor per parameter, named "<type>.<slot>.<param name>"; returns the
  // slot's index for state_data(). Called from the subclass constructors.
  std::size_t add_state_slot(const std::string& slot);
  float* state_data(std::size_t slot, std::size_t param) { return state_[slot][param].f32(); }

  // Updates parameter `i`: p and g hold n elements. steps() is already the current step t >= 1.
  virtual void update(std::size_t i, float* p, const float* g, std::int64_t n) = 0;

 private:
  std::string state_name(std::size_t slot, std::size_t param) const;

  OptimizerConfig cfg_;
  NamedTensors params_;
  std::vector<std::string> slot_names_;
  std::vector<std::vector<Tensor>> state_;  // [slot][param]
  std::int64_t steps_ = 0;
};

// Validates `cfg` (lr > 0, betas in [0, 1), eps > 0, momentum >= 0, weight_decay >= 0, nesterov
// only with momentum > 0, momentum/nesterov only for sgd, known type) and builds the optimizer.
std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& cfg, NamedTensors named_params);

}  // namespace dendrite
