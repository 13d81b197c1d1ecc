// Reference activations: the value and the derivative of every ActivationKind at one point,
// computed in double by the row's f and f' (ops/activation_table.h), plus loops over arrays.
//
//   float y = reference::activation_value({ActivationKind::elu, 1.0f}, x);
//   reference::activation_backward(a, n, x, d_y, d_x);   // d_x = f'(x) * d_y
//
// x, y, d_y, d_x: n contiguous floats.
#pragma once

#include <cstdint>

#include "ops/activation_kind.h"

namespace dendrite::reference {

double activation_value(Activation a, double x);
double activation_derivative(Activation a, double x);

void activation_forward(Activation a, std::int64_t n, const float* x, float* y);
void activation_backward(Activation a, std::int64_t n, const float* x, const float* d_y,
                         float* d_x);

}  // namespace dendrite::reference
