#include "ops/cpu/csr_primitives.h"

#include "ops/cpu/multiversion.h"
#include "ops/cpu/vec16.h"

namespace dendrite::cpu {

namespace {
// Batch block: 64 floats in 4 Vec16 accumulators (4 AVX-512 or 8 AVX2 registers), enough
// independent chains to hide the FMA latency.
constexpr std::int64_t kBlock = 4 * kVec16Width;
}  // namespace

DENDRITE_MULTIVERSION
void gather_axpy(const std::int32_t* idx, const float* coef, std::int64_t len, float init,
                 const float* src, std::int64_t ld, std::int64_t count, const Rectifier& post, float* out) {
  std::int64_t n0 = 0;
  for (; n0 + kBlock <= count; n0 += kBlock) {
    Vec16 a0 = DENDRITE_BROADCAST16(init), a1 = a0, a2 = a0, a3 = a0, v;
    for (std::int64_t k = 0; k < len; ++k) {
      const Vec16 c = DENDRITE_BROADCAST16(coef[k]);
      const float* s = src + idx[k] * ld + n0;
      load16(v, s);
      a0 += c * v;
      load16(v, s + 16);
      a1 += c * v;
      load16(v, s + 32);
      a2 += c * v;
      load16(v, s + 48);
      a3 += c * v;
    }
    rectify(post, a0);
    rectify(post, a1);
    rectify(post, a2);
    rectify(post, a3);
    store16(out + n0, a0);
    store16(out + n0 + 16, a1);
    store16(out + n0 + 32, a2);
    store16(out + n0 + 48, a3);
  }
  for (; n0 + kVec16Width <= count; n0 += kVec16Width) {  // 16-wide blocks of the rest
    Vec16 a0 = DENDRITE_BROADCAST16(init), v;
    for (std::int64_t k = 0; k < len; ++k) {
      load16(v, src + idx[k] * ld + n0);
      a0 += DENDRITE_BROADCAST16(coef[k]) * v;
    }
    rectify(post, a0);
    store16(out + n0, a0);
  }
  for (std::int64_t n = n0; n < count; ++n) {  // the last partial block, one element at a time
    float acc = init;
    for (std::int64_t k = 0; k < len; ++k) acc += coef[k] * src[idx[k] * ld + n];
    out[n] = rectify(post, acc);
  }
}

// Sixteen connections at a time share the loads of `a` and keep one accumulator each; reduce16
// then sums their lanes together. Connections left over (fewer than 16) and samples left over
// (fewer than 16) are summed one by one.
DENDRITE_MULTIVERSION
void gathered_dots(const float* a, const std::int32_t* idx, std::int64_t len, const float* src,
                   std::int64_t ld, std::int64_t count, float* out) {
  const std::int64_t vec_count = count / kVec16Width * kVec16Width;
  std::int64_t e0 = 0;
  for (; e0 + 16 <= len; e0 += 16) {
    Vec16 acc[16], va, v;
    const float* rows[16];
    for (int i = 0; i < 16; ++i) {
      acc[i] = DENDRITE_BROADCAST16(0.0f);
      rows[i] = src + idx[e0 + i] * ld;
    }
    for (std::int64_t n = 0; n < vec_count; n += kVec16Width) {
      load16(va, a + n);
      for (int i = 0; i < 16; ++i) {
        load16(v, rows[i] + n);
        acc[i] += va * v;
      }
    }
    Vec16 sums, old;
    reduce16(acc, sums);
    for (std::int64_t n = vec_count; n < count; ++n)
      for (int i = 0; i < 16; ++i) sums[i] += a[n] * rows[i][n];
    load16(old, out + e0);
    old += sums;
    store16(out + e0, old);
  }
  for (; e0 < len; ++e0) {
    const float* row = src + idx[e0] * ld;
    Vec16 acc = DENDRITE_BROADCAST16(0.0f), va, v;
    for (std::int64_t n = 0; n < vec_count; n += kVec16Width) {
      load16(va, a + n);
      load16(v, row + n);
      acc += va * v;
    }
    float total = lane_sum16(acc);
    for (std::int64_t n = vec_count; n < count; ++n) total += a[n] * row[n];
    out[e0] += total;
  }
}

DENDRITE_MULTIVERSION
float ordered_sum(const float* a, std::int64_t N) {
  Vec16 s0 = DENDRITE_BROADCAST16(0.0f), s1 = s0, s2 = s0, s3 = s0, va;
  std::int64_t n = 0;
  for (; n + kBlock <= N; n += kBlock) {
    load16(va, a + n);
    s0 += va;
    load16(va, a + n + 16);
    s1 += va;
    load16(va, a + n + 32);
    s2 += va;
    load16(va, a + n + 48);
    s3 += va;
  }
  s0 += s1;
  s2 += s3;
  s0 += s2;
  float total = lane_sum16(s0);
  for (; n < N; ++n) total += a[n];
  return total;
}

}  // namespace dendrite::cpu
