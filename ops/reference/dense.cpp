#include "ops/reference/dense.h"

namespace dendrite::reference {

void dense_forward(std::int64_t N, std::int64_t n_in, std::int64_t n_out, const float* x,
                   const float* w, const float* b, float* y) {
  for (std::int64_t n = 0; n < N; ++n) {
    for (std::int64_t j = 0; j < n_out; ++j) {
      double sum = b[j];
      for (std::int64_t i = 0; i < n_in; ++i) sum += double{x[n * n_in + i]} * w[j * n_in + i];
      y[n * n_out + j] = static_cast<float>(sum);
    }
  }
}

void dense_backward(std::int64_t N, std::int64_t n_in, std::int64_t n_out, const float* x,
                    const float* w, const float* d_y, float* d_x, float* d_w, float* d_b) {
  if (d_x) {
    for (std::int64_t n = 0; n < N; ++n) {
      for (std::int64_t i = 0; i < n_in; ++i) {
        double sum = 0.0;
        for (std::int64_t j = 0; j < n_out; ++j) sum += double{d_y[n * n_out + j]} * w[j * n_in + i];
        d_x[n * n_in + i] = static_cast<float>(sum);
      }
    }
  }
  if (d_w) {
    for (std::int64_t j = 0; j < n_out; ++j) {
      for (std::int64_t i = 0; i < n_in; ++i) {
        double sum = 0.0;
        for (std::int64_t n = 0; n < N; ++n) sum += double{d_y[n * n_out + j]} * x[n * n_in + i];
        d_w[j * n_in + i] = static_cast<float>(sum);
      }
    }
  }
  if (d_b) {
    for (std::int64_t j = 0; j < n_out; ++j) {
      double sum = 0.0;
      for (std::int64_t n = 0; n < N; ++n) sum += d_y[n * n_out + j];
      d_b[j] = static_cast<float>(sum);
    }
  }
}

}  // namespace dendrite::reference
