#include "ops/reference/activation.h"

namespace dendrite::reference {

double activation_value(Activation a, double x) { return activation_row(a.kind).value(x, a.alpha); }

double activation_derivative(Activation a, double x) { return activation_row(a.kind).derivative(x, a.alpha); }

void activation_forward(Activation a, std::int64_t n, const float* x, float* y) {
  for (std::int64_t i = 0; i < n; ++i) y[i] = static_cast<float>(activation_value(a, x[i]));
}

void activation_backward(Activation a, std::int64_t n, const float* x, const float* d_y,
                         float* d_x) {
  for (std::int64_t i = 0; i < n; ++i)
    d_x[i] = static_cast<float>(activation_derivative(a, x[i]) * d_y[i]);
}

}  // namespace dendrite::reference
