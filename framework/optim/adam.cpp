// Adam with bias correction (torch.optim.Adam, weight decay as an L2 term in the gradient) and
// AdamW (torch.optim.AdamW, decoupled weight decay). The formulas are in optimizer.h, the element
// loop in adam_kernel.cpp.
#include <memory>

#include "framework/optim/adam_kernel.h"
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
    const AdamCoefficients c = adam_coefficients(config(), decoupled_, steps());
    adam_update(c, n, p, g, state_data(m_slot_, i), state_data(v_slot_, i));
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
