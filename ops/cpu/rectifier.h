// Rectifier: the activation the sparse kernels can apply to their own outputs (a fused post-op,
// as oneDNN's eltwise post-ops): f(z) = z > 0 ? z : slope * z, i.e. relu (slope 0) or leaky_relu
// (slope alpha >= 0). With slope >= 0 the sign of y = f(z) is the sign of z, so the backward needs
// only the output: d_z = y > 0 ? d_y : slope * d_y. These are the same float operations as the
// separate activation op, so fused and unfused runs give the same bits.
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

// The rectifier computing activation a, when there is one: relu, leaky_relu with alpha >= 0, and
// identity (off). False for every other kind.
bool rectifier_for(const Activation& a, Rectifier& out);

__attribute__((always_inline)) inline void rectify(const Rectifier& r, Vec16& v) {
  if (r.on) v = v > 0.0f ? v : v * r.slope;
}
__attribute__((always_inline)) inline float rectify(const Rectifier& r, float z) {
  return r.on && !(z > 0.0f) ? z * r.slope : z;
}

// d_z[i] = y[i] > 0 ? d_y[i] : slope * d_y[i] for i < count (a copy when r is off). d_z may be d_y.
void rectifier_backward(const Rectifier& r, std::int64_t count, const float* y, const float* d_y, float* d_z);

}  // namespace dendrite::cpu
