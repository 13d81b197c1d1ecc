// Vec16: 16 floats as a GCC/Clang vector type. Arithmetic on it is lowered to the ISA of the
// function being compiled (one AVX-512 register, two AVX2 registers or four SSE registers), so
// hot loops written with it vectorize the same way in every DENDRITE_MULTIVERSION clone.
// Values are passed by reference: passing vector types by value changes the ABI between ISAs.
// Lane shuffles use __builtin_shufflevector (GCC >= 12 and clang).
//
//   Vec16 acc = DENDRITE_BROADCAST16(0.0f), x;
//   load16(x, p);  acc += x * DENDRITE_BROADCAST16(c);  store16(q, acc);
//   reduce16(partials, sums);   // Vec16 partials[16]: sums[i] = lane sum of partials[i]
#pragma once

#include <cstring>

namespace dendrite::cpu {

typedef float Vec16 __attribute__((vector_size(64)));

inline constexpr int kVec16Width = 16;

inline void load16(Vec16& v, const float* p) { std::memcpy(&v, p, sizeof v); }
inline void store16(float* p, const Vec16& v) { std::memcpy(p, &v, sizeof v); }
#define DENDRITE_BROADCAST16(scalar) (::dendrite::cpu::Vec16{} + (scalar))

// Sum of the 16 lanes in a fixed order (a tree: halves, quarters, ...), so results are
// reproducible: 4 dependent shuffle + add steps instead of 16 dependent scalar adds.
__attribute__((always_inline)) inline float lane_sum16(const Vec16& v) {
  Vec16 s = v + __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15);
  s += __builtin_shufflevector(s, s, 4, 5, 6, 7, 4, 5, 6, 7, 4, 5, 6, 7, 4, 5, 6, 7);
  s += __builtin_shufflevector(s, s, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3);
  return s[0] + s[1];
}

// The lane sums of 16 vectors at once: lane i of the result is the sum of the lanes of r[i]. A
// tree of 15 two-vector shuffles + adds (instead of 16 sequential lane sums): each level halves
// the lanes per vector and doubles the vectors per register. The tree leaves sums in bit-reversed
// lane order, so the inputs are taken in bit-reversed order. The order of the additions is fixed.
__attribute__((always_inline)) inline void reduce16(const Vec16 (&r)[16], Vec16& sums) {
  static constexpr int kBitReversed[16] = {0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15};
  Vec16 s1[8], s2[4], s3[2];
  for (int i = 0; i < 8; ++i) {
    const Vec16& a = r[kBitReversed[2 * i]];
    const Vec16& b = r[kBitReversed[2 * i + 1]];
    s1[i] = __builtin_shufflevector(a, b, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23) +
            __builtin_shufflevector(a, b, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31);
  }
  for (int i = 0; i < 4; ++i) {
    const Vec16& a = s1[2 * i];
    const Vec16& b = s1[2 * i + 1];
    s2[i] = __builtin_shufflevector(a, b, 0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27) +
            __builtin_shufflevector(a, b, 4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31);
  }
  for (int i = 0; i < 2; ++i) {
    const Vec16& a = s2[2 * i];
    const Vec16& b = s2[2 * i + 1];
    s3[i] = __builtin_shufflevector(a, b, 0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29) +
            __builtin_shufflevector(a, b, 2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31);
  }
  sums = __builtin_shufflevector(s3[0], s3[1], 0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30) +
         __builtin_shufflevector(s3[0], s3[1], 1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31);
}

}  // namespace dendrite::cpu
