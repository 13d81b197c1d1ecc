// How far a result is from its reference, relative to the reference's scale: the one measure the
// tests compare kernels, models and runs with.
//
//   EXPECT_LT(max_relative_error(fast.value(logits), plain.value(logits)), 1e-5);
//
//   max_i |a_i - b_i| / max_i |b_i|, b the reference.
// 0 when a equals b (also when both are all zeros); infinity when a NaN is involved, when b is
// all zeros and a is not, or when the sizes (the shapes, for tensors) differ, which is also
// reported as a test failure naming both.
#pragma once

#include <vector>

#include "framework/core/tensor.h"

namespace dendrite::test {

double max_relative_error(const Tensor& a, const Tensor& b);  // two f32 tensors
double max_relative_error(const std::vector<float>& a, const std::vector<double>& b);
double max_relative_error(const std::vector<float>& a, const std::vector<float>& b);

}  // namespace dendrite::test
