// Vec16: 16 floats as a GCC/Clang vector type. Arithmetic on it is lowered to the ISA of the
// function being compiled (one AVX-512 register, two AVX2 registers or four SSE registers), so
// hot loops written with it vectorize the same way in every DENDRITE_MULTIVERSION clone.
// Values are passed by reference: passing vector types by value changes the ABI between ISAs.
//
//   Vec16 acc = broadcast16(0.0f), x;
//   load16(x, p);  acc += x * broadcast16(c);  store16(q, acc);
#pragma once

#include <cstring>

namespace dendrite::cpu {

typedef float Vec16 __attribute__((vector_size(64)));

inline constexpr int kVec16Width = 16;

inline void load16(Vec16& v, const float* p) { std::memcpy(&v, p, sizeof v); }
inline void store16(float* p, const Vec16& v) { std::memcpy(p, &v, sizeof v); }
#define DENDRITE_BROADCAST16(scalar) (::dendrite::cpu::Vec16{} + (scalar))

// Sum of the 16 lanes in a fixed order (lane 0 first), so results are reproducible.
inline float lane_sum16(const Vec16& v) {
  float s = 0.0f;
  for (int l = 0; l < kVec16Width; ++l) s += v[l];
  return s;
}

}  // namespace dendrite::cpu
