// Stochastic gradient descent with optional momentum (heavy-ball or Nesterov) and L2 weight
// decay, as torch.optim.SGD with dampening 0.
#include <memory>

#include "framework/optim/optimizer_kinds.h"

namespace dendrite {

namespace {

class Sgd final : public Optimizer {
 public:
  Sgd(const OptimizerConfig& cfg, NamedTensors named_params) : Optimizer(cfg, std::move(named_params)) {
    if (cfg.momentum > 0) velocity_slot_ = add_state_slot("momentum");
  }

 private:
  // p, g, v: [n]
  void update(std::size_t i, float* p, const float* g, std::int64_t n) override {
    const OptimizerConfig& cfg = config();
    const auto lr = static_cast<float>(cfg.lr);
    const auto wd = static_cast<float>(cfg.weight_decay);
    if (cfg.momentum == 0) {
      for (std::int64_t j = 0; j < n; ++j) p[j] -= lr * (g[j] + wd * p[j]);
      return;
    }
    const auto mu = static_cast<float>(cfg.momentum);
    float* v = state_data(velocity_slot_, i);
    if (cfg.nesterov) {
      for (std::int64_t j = 0; j < n; ++j) {
        const float gj = g[j] + wd * p[j];
        v[j] = mu * v[j] + gj;
        p[j] -= lr * (gj + mu * v[j]);
      }
    } else {
      for (std::int64_t j = 0; j < n; ++j) {
        v[j] = mu * v[j] + (g[j] + wd * p[j]);
        p[j] -= lr * v[j];
      }
    }
  }

  std::size_t velocity_slot_ = 0;
};

}  // namespace

std::unique_ptr<Optimizer> make_sgd(const OptimizerConfig& cfg, NamedTensors named_params) {
  return std::make_unique<Sgd>(cfg, std::move(named_params));
}

}  // namespace dendrite
