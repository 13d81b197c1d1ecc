// Rectifier: the activation the sparse kernels can apply to their own outputs (a fused post-op,
// as oneDNN's eltwise post-ops): f(z) = z > 0 ? z : slope * z, i.e. relu (slope 0) or leaky_relu
// (slope alpha >= 0). With slope >= 0 the sign of y = f(z) is the sign of z, so the backward needs
// only the output: d_z = y > 0 ? d_y : slope * d_y. Relu gives +0 (not slope * z = -0, nor NaN)
// for z <= 0 and NaN, as oneDNN's relu does, so fused and unfused runs give the same bits.
//
//   Rectifier r;
//   if (rectifier_for(activation, r)) ... fuse ...   // relu, leaky_relu (alpha >= 0), identity
//   rectify(r, acc);                          // Vec16 accumulators before they are stored
//   rectifier_backward(r, count, y, d_y, d_z);
#pragma once

#include <cstdint>

#include "ops/activation_kind.h"
#include "ops/cpu/vec16.h"

namespace dendrite::cpu {

struct Rectifier {
  bool on = false;     // off: the identity (nothing to apply)
  float slope = 0.0f;  // >= 0
};

// The rectifier computing activation a, when there is one, as the kind's row says
// (ops/activation_table.h, RectifierForm): relu, leaky_relu with alpha >= 0, and identity (off).
// False for every other kind.
bool rectifier_for(const Activation& a, Rectifier& out);

// One element of f and of its backward (the loops pass slope by value, so stores cannot change it).
__attribute__((always_inline)) inline float rectified_value(float z, float slope) {
  return z > 0.0f ? z : (slope == 0.0f ? 0.0f : z * slope);
}
__attribute__((always_inline)) inline float rectified_grad(float y, float d, float slope) {
  return y > 0.0f ? d : (slope == 0.0f ? 0.0f : d * slope);
}
// The same on 16 lanes: v = f(v); d = f'(.) d at outputs y.
__attribute__((always_inline)) inline void rectify16(Vec16& v, float slope) {
  const Vec16 low = slope == 0.0f ? Vec16{} : v * slope;
  v = v > 0.0f ? v : low;
}
__attribute__((always_inline)) inline void rectified_grad16(const Vec16& y, Vec16& d, float slope) {
  const Vec16 low = slope == 0.0f ? Vec16{} : d * slope;
  d = y > 0.0f ? d : low;
}

__attribute__((always_inline)) inline void rectify(const Rectifier& r, Vec16& v) {
  if (r.on) rectify16(v, r.slope);
}
__attribute__((always_inline)) inline float rectify(const Rectifier& r, float z) {
  return r.on ? rectified_value(z, r.slope) : z;
}

// d_z[i] = rectified_grad(y[i], d_y[i], slope) for i < count (a copy when r is off). d_z may be d_y.
void rectifier_backward(const Rectifier& r, std::int64_t count, const float* y, const float* d_y, float* d_z);

}  // namespace dendrite::cpu
