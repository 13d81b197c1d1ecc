#include "ops/reference/activation.h"

#include <cmath>

#include "framework/core/error.h"

namespace dendrite::reference {

namespace {
constexpr double kInvSqrt2 = 0.70710678118654752440;
constexpr double kInvSqrt2Pi = 0.39894228040143267794;

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
// log(1 + exp(x)) without overflow for large x.
double softplus(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }
}  // namespace

double activation_value(Activation a, double x) {
  switch (a.kind) {
    case ActivationKind::relu: return x > 0 ? x : 0.0;
    case ActivationKind::leaky_relu: return x > 0 ? x : a.alpha * x;
    case ActivationKind::sigmoid: return sigmoid(x);
    case ActivationKind::tanh: return std::tanh(x);
    case ActivationKind::gelu: return 0.5 * x * (1.0 + std::erf(x * kInvSqrt2));
    case ActivationKind::silu: return x * sigmoid(x);
    case ActivationKind::elu: return x > 0 ? x : a.alpha * std::expm1(x);
    case ActivationKind::softplus: return softplus(x);
    case ActivationKind::identity: return x;
  }
  DENDRITE_ASSERT(false, "unhandled activation kind {}", static_cast<int>(a.kind));
  return 0.0;
}

double activation_derivative(Activation a, double x) {
  switch (a.kind) {
    case ActivationKind::relu: return x > 0 ? 1.0 : 0.0;
    case ActivationKind::leaky_relu: return x > 0 ? 1.0 : a.alpha;
    case ActivationKind::sigmoid: {
      const double s = sigmoid(x);
      return s * (1.0 - s);
    }
    case ActivationKind::tanh: {
      const double t = std::tanh(x);
      return 1.0 - t * t;
    }
    // d/dx x Phi(x) = Phi(x) + x phi(x)
    case ActivationKind::gelu:
      return 0.5 * (1.0 + std::erf(x * kInvSqrt2)) + x * kInvSqrt2Pi * std::exp(-0.5 * x * x);
    // d/dx x s(x) = s(x) (1 + x (1 - s(x)))
    case ActivationKind::silu: {
      const double s = sigmoid(x);
      return s * (1.0 + x * (1.0 - s));
    }
    case ActivationKind::elu: return x > 0 ? 1.0 : a.alpha * std::exp(x);
    case ActivationKind::softplus: return sigmoid(x);
    case ActivationKind::identity: return 1.0;
  }
  DENDRITE_ASSERT(false, "unhandled activation kind {}", static_cast<int>(a.kind));
  return 0.0;
}

void activation_forward(Activation a, std::int64_t n, const float* x, float* y) {
  for (std::int64_t i = 0; i < n; ++i) y[i] = static_cast<float>(activation_value(a, x[i]));
}

void activation_backward(Activation a, std::int64_t n, const float* x, const float* d_y,
                         float* d_x) {
  for (std::int64_t i = 0; i < n; ++i)
    d_x[i] = static_cast<float>(activation_derivative(a, x[i]) * d_y[i]);
}

}  // namespace dendrite::reference
