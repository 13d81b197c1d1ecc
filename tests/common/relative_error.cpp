#include "tests/common/relative_error.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace dendrite::test {

namespace {

template <class T>
double relative_error(const float* a, const T* b, std::int64_t n) {
  double diff = 0, scale = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    const double x = a[i], y = static_cast<double>(b[i]);
    diff = std::max(diff, std::isnan(x) || std::isnan(y) ? std::numeric_limits<double>::infinity() : std::abs(x - y));
    scale = std::max(scale, std::abs(y));
  }
  if (diff == 0) return 0;
  return scale > 0 ? diff / scale : std::numeric_limits<double>::infinity();
}

template <class T>
double vector_error(const std::vector<float>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) {
    ADD_FAILURE() << "comparing " << a.size() << " values with a reference of " << b.size();
    return std::numeric_limits<double>::infinity();
  }
  return relative_error(a.data(), b.data(), static_cast<std::int64_t>(a.size()));
}

}  // namespace

double max_relative_error(const Tensor& a, const Tensor& b) {
  if (a.shape() != b.shape() || a.dtype() != DType::f32 || b.dtype() != DType::f32) {
    ADD_FAILURE() << "comparing " << dtype_name(a.dtype()) << shape_str(a.shape()) << " with a reference of "
                  << dtype_name(b.dtype()) << shape_str(b.shape());
    return std::numeric_limits<double>::infinity();
  }
  return relative_error(a.f32(), b.f32(), a.numel());
}

double max_relative_error(const std::vector<float>& a, const std::vector<double>& b) { return vector_error(a, b); }
double max_relative_error(const std::vector<float>& a, const std::vector<float>& b) { return vector_error(a, b); }

}  // namespace dendrite::test
