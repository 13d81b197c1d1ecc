// Golden end-to-end test of the dense network (the dANN one is dann_golden_test.cpp): a tiny
// fixed network and batch. The loss, every parameter gradient and the parameters after 3 Adam
// steps must equal an independent reference written here in plain double-precision loops.
//
// Network: x [4, 6] -> dense 6->5 -> leaky_relu(0.1) -> dense 5->3 -> softmax cross-entropy.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "framework/graph/executor.h"
#include "framework/optim/optimizer.h"
#include "tests/train/golden_reference.h"

namespace dendrite {
namespace {

using namespace golden;

constexpr int N = 4, IN = 6, H = 5, C = 3;

struct Params {
  Vec w1 = Vec(H * IN), b1 = Vec(H), w2 = Vec(C * H), b2 = Vec(C);
};

struct RefResult {
  double loss = 0;
  Params grad;
};

// Forward and backward of the network in double precision, written without the framework.
RefResult reference_step(const Params& p, const Vec& x, const std::vector<int>& y) {
  RefResult r;
  Vec pre(N * H), h(N * H), logits(N * C);
  for (int n = 0; n < N; ++n)
    for (int j = 0; j < H; ++j) {
      double s = p.b1[j];
      for (int i = 0; i < IN; ++i) s += p.w1[j * IN + i] * x[n * IN + i];
      pre[n * H + j] = s;
      h[n * H + j] = s > 0 ? s : 0.1 * s;
    }
  for (int n = 0; n < N; ++n)
    for (int c = 0; c < C; ++c) {
      double s = p.b2[c];
      for (int j = 0; j < H; ++j) s += p.w2[c * H + j] * h[n * H + j];
      logits[n * C + c] = s;
    }
  Vec d_logits, d_h(N * H, 0.0);
  r.loss = softmax_cross_entropy(logits, y, C, d_logits);
  for (int n = 0; n < N; ++n)
    for (int c = 0; c < C; ++c) {
      r.grad.b2[c] += d_logits[n * C + c];
      for (int j = 0; j < H; ++j) {
        r.grad.w2[c * H + j] += d_logits[n * C + c] * h[n * H + j];
        d_h[n * H + j] += d_logits[n * C + c] * p.w2[c * H + j];
      }
    }
  for (int n = 0; n < N; ++n)
    for (int j = 0; j < H; ++j) {
      const double d_pre = d_h[n * H + j] * (pre[n * H + j] > 0 ? 1.0 : 0.1);
      r.grad.b1[j] += d_pre;
      for (int i = 0; i < IN; ++i) r.grad.w1[j * IN + i] += d_pre * x[n * IN + i];
    }
  return r;
}

class Golden : public ::testing::TestWithParam<Backend> {};

TEST_P(Golden, LossGradientsAndThreeAdamSteps) {
  Params p;
  for (int i = 0; i < H * IN; ++i) p.w1[static_cast<std::size_t>(i)] = fixed_value(i, 0.4);
  for (int i = 0; i < H; ++i) p.b1[static_cast<std::size_t>(i)] = fixed_value(100 + i, 0.1);
  for (int i = 0; i < C * H; ++i) p.w2[static_cast<std::size_t>(i)] = fixed_value(200 + i, 0.5);
  for (int i = 0; i < C; ++i) p.b2[static_cast<std::size_t>(i)] = fixed_value(300 + i, 0.1);
  Vec x(N * IN);
  for (int i = 0; i < N * IN; ++i) x[static_cast<std::size_t>(i)] = fixed_value(400 + i, 1.0);
  const std::vector<int> y = {0, 2, 1, 2};

  Graph g;
  ValueId xv = g.add_input("x", {{kBatch, IN}});
  ValueId yv = g.add_input("y", {{kBatch}, DType::i32});
  ValueId w1 = g.add_parameter("w1", to_tensor(p.w1, {H, IN}));
  ValueId b1 = g.add_parameter("b1", to_tensor(p.b1, {H}));
  ValueId w2 = g.add_parameter("w2", to_tensor(p.w2, {C, H}));
  ValueId b2 = g.add_parameter("b2", to_tensor(p.b2, {C}));
  ValueId h = g.add_node("dense", {xv, w1, b1});
  h = g.add_node("activation", {h}, {{"kind", std::string("leaky_relu")}, {"alpha", 0.1}});
  ValueId logits = g.add_node("dense", {h, w2, b2});
  ValueId loss = g.add_node("softmax_cross_entropy", {logits, yv});

  Executor exec(g, {GetParam(), {logits}, loss});
  OptimizerConfig cfg;
  cfg.lr = 0.01;
  auto adam = make_optimizer(cfg, {{"w1", g.value(w1).data}, {"b1", g.value(b1).data},
                                   {"w2", g.value(w2).data}, {"b2", g.value(b2).data}});
  RefAdam ref;
  ref.lr = 0.01;
  const Tensor xt = to_tensor(x, {N, IN});
  const Tensor yt = Tensor::from_i32({N}, {y[0], y[1], y[2], y[3]});
  for (int step = 0; step < 3; ++step) {
    exec.set_input(xv, xt);
    exec.set_input(yv, yt);
    exec.forward(true);
    exec.backward();
    const RefResult r = reference_step(p, x, y);
    EXPECT_NEAR(exec.value(loss).f32()[0], r.loss, 1e-5) << "step " << step;
    expect_close(exec.grad(w1), r.grad.w1, "d_w1", 1e-5);
    expect_close(exec.grad(b1), r.grad.b1, "d_b1", 1e-5);
    expect_close(exec.grad(w2), r.grad.w2, "d_w2", 1e-5);
    expect_close(exec.grad(b2), r.grad.b2, "d_b2", 1e-5);
    adam->step(exec.parameter_grads());
    ref.step({&p.w1, &p.b1, &p.w2, &p.b2}, {&r.grad.w1, &r.grad.b1, &r.grad.w2, &r.grad.b2});
  }
  expect_close(g.value(w1).data, p.w1, "w1 after 3 steps", 1e-5);
  expect_close(g.value(b1).data, p.b1, "b1 after 3 steps", 1e-5);
  expect_close(g.value(w2).data, p.w2, "w2 after 3 steps", 1e-5);
  expect_close(g.value(b2).data, p.b2, "b2 after 3 steps", 1e-5);
}

INSTANTIATE_TEST_SUITE_P(Backends, Golden, ::testing::Values(Backend::optimized, Backend::reference),
                         [](const auto& param_info) { return param_info.param == Backend::optimized ? "optimized" : "reference"; });

}  // namespace
}  // namespace dendrite
