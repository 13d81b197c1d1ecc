// GCC's __builtin_shuffle(a, mask) and (a, b, mask), which ops/cpu uses and clang does not have, as
// lane-by-lane functions with GCC's definition (n lanes per vector): lane i of the result is lane
// (mask[i] mod n) of a, or lane (mask[i] mod 2n) of the concatenation a ++ b. Only the fuzz build (clang) force-includes it
// (fuzz/instrument.cmake); speed does not matter there. Remove it once ops/cpu builds with clang.
#pragma once

#if defined(__clang__) && defined(__cplusplus)
template <class V, class M>
inline V __builtin_shuffle(const V& a, const V& b, const M& mask) {
  constexpr int n = static_cast<int>(sizeof(V) / sizeof(a[0]));
  V out{};
  for (int i = 0; i < n; ++i) {
    const int k = static_cast<int>(mask[i]) & (2 * n - 1);
    out[i] = k < n ? a[k] : b[k - n];
  }
  return out;
}

template <class V, class M>
inline V __builtin_shuffle(const V& a, const M& mask) {
  constexpr int n = static_cast<int>(sizeof(V) / sizeof(a[0]));
  V out{};
  for (int i = 0; i < n; ++i) out[i] = a[static_cast<int>(mask[i]) & (n - 1)];
  return out;
}
#endif
