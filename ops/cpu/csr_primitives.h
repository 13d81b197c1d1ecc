// The inner loops every sparse-layer kernel of this folder is made of (csr_kernels.cpp, the
// fused dendritic layer in dendritic_layer_kernels.cpp): a weighted sum of gathered batch rows,
// dot products of one row with gathered rows, and a sum in a fixed order. Each is compiled per
// vector ISA (multiversion.h) and runs on one thread; callers split the work.
//
//   gather_axpy(idx, coef, len, init, src, ld, count, post, out);   // out = post(init + sum coef * rows)
//   gathered_dots(a, idx, len, src, ld, count, out);                // out[e] += a . row[idx[e]]
//   float s = ordered_sum(a, count);
#pragma once

#include <cstdint>

#include "ops/cpu/rectifier.h"

namespace dendrite::cpu {

// out[n] = post(init + sum_k coef[k] * src[idx[k] * ld + n]), n in [0, count): accumulated in
// registers one 64-wide batch block at a time (then 16-wide blocks, then one by one), rectified
// before the store. The forward of a CSR layer (coef: a unit's weights) and its data gradient
// (over the CSC copy of the index).
void gather_axpy(const std::int32_t* idx, const float* coef, std::int64_t len, float init, const float* src,
                 std::int64_t ld, std::int64_t count, const Rectifier& post, float* out);

// out[e] += sum_n a[n] * src[idx[e] * ld + n], n in [0, count), for the len connections of one
// unit (a: that unit's gradient row): the weight gradient of a CSR layer. The order of the
// additions depends only on len and count, so results are reproducible.
void gathered_dots(const float* a, const std::int32_t* idx, std::int64_t len, const float* src, std::int64_t ld,
                   std::int64_t count, float* out);

// sum_n a[n], n in [0, count), in a fixed order (64 running lane sums, then lane by lane, then
// the tail): a bias gradient.
float ordered_sum(const float* a, std::int64_t count);

}  // namespace dendrite::cpu
