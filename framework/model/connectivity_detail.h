// Internal helpers shared by the connectivity and geometry generators: argument checks with
// uniform messages and sampling without replacement. Not part of the public model API.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "framework/core/rng.h"

namespace dendrite::detail {

// Largest input index, unit count or connection count a Connectivity can hold (int32 CSR).
constexpr int64_t kMaxIndex = std::numeric_limits<int32_t>::max();

// Throws Error "<fn>: <name> = <value> must be >= <min>".
void check_at_least(const char* fn, const char* name, int64_t value, int64_t min);

// Throws Error "<fn>: <name> = <value> exceeds the int32 limit ..." when value > kMaxIndex.
void check_fits_int32(const char* fn, const char* name, int64_t value);

// a * b, or kMaxIndex + 1 when the product would exceed kMaxIndex (both factors >= 0), so that a
// following check_fits_int32 reports it instead of overflowing.
int64_t saturating_product(int64_t a, int64_t b);

// `count` distinct values of [0, n) chosen uniformly at random, sorted ascending.
// Requires 0 <= count <= n. Costs O(count) draws (Floyd's algorithm).
std::vector<int64_t> sample_distinct(int64_t n, int64_t count, Rng& rng);

}  // namespace dendrite::detail
