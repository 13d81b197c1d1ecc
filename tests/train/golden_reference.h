// The independent side of the golden tests (in the spirit of llm.c's test_gpt2): fixed values,
// the loss and Adam written in plain double-precision loops without the framework, and the
// element-by-element comparison of a framework tensor with them.
//
//   RefAdam adam{0.01};
//   const double loss = softmax_cross_entropy(logits, labels, classes, d_logits);
//   adam.step({&w, &b}, {&d_w, &d_b});
//   expect_close(graph_tensor, w, "w after 3 steps", 1e-5);
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "framework/core/tensor.h"

namespace dendrite::golden {

using Vec = std::vector<double>;

// A smooth, sign-changing, fixed pattern: element i of a tensor of the given scale.
inline double fixed_value(int i, double scale) { return scale * std::sin(0.7 * i + 0.3); }

inline Tensor to_tensor(const Vec& v, Shape shape) {
  Tensor t(std::move(shape));
  for (std::size_t i = 0; i < v.size(); ++i) t.f32()[i] = static_cast<float>(v[i]);
  return t;
}

inline Vec to_vec(const Tensor& t) { return Vec(t.f32(), t.f32() + t.numel()); }

// Every element within tol * (1 + |want|); each miss is named by `what` and its index.
inline void expect_close(const Tensor& got, const Vec& want, const std::string& what, double tol) {
  ASSERT_EQ(got.numel(), static_cast<std::int64_t>(want.size())) << what;
  for (std::size_t i = 0; i < want.size(); ++i)
    EXPECT_NEAR(got.f32()[i], want[i], tol * (1.0 + std::fabs(want[i]))) << what << "[" << i << "]";
}

// Mean softmax cross-entropy of logits [N, C] (row-major) against labels; fills d_logits with its
// gradient.
inline double softmax_cross_entropy(const Vec& logits, const std::vector<int>& y, int C, Vec& d_logits) {
  const int N = static_cast<int>(y.size());
  double loss = 0;
  d_logits.assign(logits.size(), 0.0);
  for (int n = 0; n < N; ++n) {
    double z = 0;
    for (int c = 0; c < C; ++c) z += std::exp(logits[n * C + c]);
    loss += (std::log(z) - logits[n * C + y[n]]) / N;
    for (int c = 0; c < C; ++c)
      d_logits[n * C + c] = (std::exp(logits[n * C + c]) / z - (c == y[n] ? 1.0 : 0.0)) / N;
  }
  return loss;
}

// Adam as framework/optim has it (torch.optim.Adam): bias-corrected moments, eps added to
// sqrt(v_hat), no weight decay.
struct RefAdam {
  double lr = 0.0, b1 = 0.9, b2 = 0.999, eps = 1e-7;
  int t = 0;
  std::vector<Vec> m, v;
  void step(const std::vector<Vec*>& params, const std::vector<const Vec*>& grads) {
    if (m.empty())
      for (auto* p : params) {
        m.emplace_back(p->size(), 0.0);
        v.emplace_back(p->size(), 0.0);
      }
    ++t;
    for (std::size_t k = 0; k < params.size(); ++k)
      for (std::size_t i = 0; i < params[k]->size(); ++i) {
        const double g = (*grads[k])[i];
        m[k][i] = b1 * m[k][i] + (1 - b1) * g;
        v[k][i] = b2 * v[k][i] + (1 - b2) * g * g;
        const double mh = m[k][i] / (1 - std::pow(b1, t)), vh = v[k][i] / (1 - std::pow(b2, t));
        (*params[k])[i] -= lr * mh / (std::sqrt(vh) + eps);
      }
  }
};

}  // namespace dendrite::golden
