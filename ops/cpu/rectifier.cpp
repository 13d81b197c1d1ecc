#include "ops/cpu/rectifier.h"

#include <algorithm>

#include "ops/cpu/multiversion.h"

namespace dendrite::cpu {

namespace {
constexpr std::int64_t kChunk = 1 << 14;  // elements per task

DENDRITE_MULTIVERSION
void backward_chunk(Rectifier r, std::int64_t count, const float* y, const float* d_y, float* d_z) {
  if (!r.on) {
    if (d_z != d_y) std::copy(d_y, d_y + count, d_z);
    return;
  }
  const float slope = r.slope;  // a local: stores to d_z cannot change it
  for (std::int64_t i = 0; i < count; ++i) d_z[i] = rectified_grad(y[i], d_y[i], slope);
}
}  // namespace

bool rectifier_for(const Activation& a, Rectifier& out) {
  const RectifierForm form = activation_row(a.kind).rectifier;
  switch (form) {
    case RectifierForm::none: return false;
    case RectifierForm::identity: out = Rectifier{}; return true;
    case RectifierForm::zero_slope: out = Rectifier{true, 0.0f}; return true;
    case RectifierForm::alpha_slope:
      if (!(a.alpha >= 0.0f)) return false;  // a negative slope flips signs: y no longer tells z's
      out = Rectifier{true, a.alpha};
      return true;
  }
  return false;
}

void rectifier_backward(const Rectifier& r, std::int64_t count, const float* y, const float* d_y, float* d_z) {
  const std::int64_t chunks = (count + kChunk - 1) / kChunk;
#pragma omp parallel for schedule(static) if (chunks > 1)
  for (std::int64_t c = 0; c < chunks; ++c) {
    const std::int64_t i0 = c * kChunk;
    backward_chunk(r, std::min(kChunk, count - i0), y + i0, d_y + i0, d_z + i0);
  }
}

}  // namespace dendrite::cpu
