// Adam with bias correction (torch.optim.Adam, weight decay as an L2 term in the gradient) and
// AdamW (torch.optim.AdamW, decoupled weight decay). The formulas are in optimizer.h.
#include <cmath>
#include <memory>

#include "framework/optim/optimizer_kinds.h"

namespace dendrite {

namespace {

class Adam final : public Optimizer {
 public:
  Adam(const OptimizerConfig& cfg, NamedTensors named_params)
      : Optimizer(cfg, std::move(named_params)), decoupled_(cfg.type == "adamw") {
    m_slot_ = add_state_slot("m");
    v_slot_ = add_state_slot("v");
  }

 private:
  // p, g, m, v: [n]
  void update(std::size_t i, float* p, const float* g, std::int64_t n) override {
    const OptimizerConfig& cfg = config();
    const auto t = static_cast<double>(steps());
    // Per-step constants in double, the element loop in f32.
    const auto step_size = static_cast<float>(cfg.lr / (1.0 - std::pow(cfg.beta1, t)));
    const auto inv_sqrt_bc2 = static_cast<float>(1.0 / std::sqrt(1.0 - std::pow(cfg.beta2, t)));
    const auto b1 = static_cast<float>(cfg.beta1);
    const auto b2 = static_cast<float>(cfg.beta2);
    const auto one_minus_b1 = static_cast<float>(1.0 - cfg.beta1);
    const auto one_minus_b2 = static_cast<float>(1.0 - cfg.beta2);
    const auto eps = static_cast<float>(cfg.eps);
    const auto l2 = static_cast<float>(decoupled_ ? 0.0 : cfg.weight_decay);
    const auto shrink = static_cast<float>(decoupled_ ? 1.0 - cfg.lr * cfg.weight_decay : 1.0);
    float* m = state_data(m_slot_, i);
    float* v = state_data(v_slot_, i);
    for (std::int64_t j = 0; j < n; ++j) {
      const float gj = g[j] + l2 * p[j];
      m[j] = b1 * m[j] + one_minus_b1 * gj;
      v[j] = b2 * v[j] + one_minus_b2 * gj * gj;
      p[j] = shrink * p[j] - step_size * m[j] / (std::sqrt(v[j]) * inv_sqrt_bc2 + eps);
    }
  }

  bool decoupled_;
  std::size_t m_slot_ = 0;
  std::size_t v_slot_ = 0;
};

}  // namespace

std::unique_ptr<Optimizer> make_adam(const OptimizerConfig& cfg, NamedTensors named_params) {
  return std::make_unique<Adam>(cfg, std::move(named_params));
}

}  // namespace dendrite
