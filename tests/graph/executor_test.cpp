// Executor and autodiff: shape errors name the node, pruning, gradient accumulation where a value
// feeds several nodes, and a whole-graph finite-difference check through several ops.
#include <gtest/gtest.h>

#include <cmath>

#include "framework/core/error.h"
#include "framework/core/rng.h"
#include "framework/graph/executor.h"
#include "tests/common/expect_error.h"

namespace dendrite {
namespace {

Tensor random_tensor(Shape shape, Rng& rng, double scale = 0.5) {
  Tensor t(std::move(shape));
  for (std::int64_t i = 0; i < t.numel(); ++i) t.f32()[i] = static_cast<float>(rng.uniform(-scale, scale));
  return t;
}

// x -> dense(W1, p) -> tanh -> dense(W2, p) -> softmax_cross_entropy. The bias p feeds two nodes.
struct SharedBiasNet {
  Graph g;
  ValueId x, y, w1, w2, p, logits, loss;
  explicit SharedBiasNet(std::uint64_t seed) {
    Rng rng(seed);
    x = g.add_input("x", {{kBatch, 5}});
    y = g.add_input("y", {{kBatch}, DType::i32});
    w1 = g.add_parameter("w1", random_tensor({4, 5}, rng));
    w2 = g.add_parameter("w2", random_tensor({4, 4}, rng));
    p = g.add_parameter("p", random_tensor({4}, rng));
    ValueId h = g.add_node("dense", {x, w1, p}, {}, "fc1");
    h = g.add_node("activation", {h}, {{"kind", std::string("tanh")}}, "act1");
    logits = g.add_node("dense", {h, w2, p}, {}, "fc2");
    loss = g.add_node("softmax_cross_entropy", {logits, y}, {}, "loss");
  }
};

double loss_at(SharedBiasNet& net, const Tensor& xb, const Tensor& yb) {
  Executor e(net.g, {Backend::reference, {net.logits}, net.loss});
  e.set_input(net.x, xb);
  e.set_input(net.y, yb);
  e.forward(false);
  return e.value(net.loss).f32()[0];
}

TEST(Executor, GradientsMatchFiniteDifferencesWithSharedParameter) {
  for (Backend backend : {Backend::reference, Backend::optimized}) {
    SharedBiasNet net(3);
    Rng rng(7);
    Tensor xb = random_tensor({3, 5}, rng, 1.0);
    Tensor yb = Tensor::from_i32({3}, {0, 3, 1});
    Executor e(net.g, {backend, {net.logits}, net.loss});
    e.set_input(net.x, xb);
    e.set_input(net.y, yb);
    e.forward(true);
    e.backward();
    for (ValueId param : net.g.parameters()) {
      Tensor& w = net.g.value(param).data;
      const Tensor analytic = e.grad(param).clone();
      for (std::int64_t i = 0; i < w.numel(); ++i) {
        const float keep = w.f32()[i];
        const float h = 1e-2f;
        w.f32()[i] = keep + h;
        const double up = loss_at(net, xb, yb);
        w.f32()[i] = keep - h;
        const double down = loss_at(net, xb, yb);
        w.f32()[i] = keep;
        const double numeric = (up - down) / (2.0 * h);
        EXPECT_NEAR(analytic.f32()[i], numeric, 2e-3 + 1e-2 * std::fabs(numeric))
            << net.g.value(param).name << "[" << i << "]";
      }
    }
  }
}

TEST(Executor, SharedParameterGradientIsTheSumOfBothUses) {
  // With W2 = 0 the second use of p still contributes d_logits; the first contributes through
  // W2^T, which is zero. So d_p equals the column sums of d_logits exactly.
  SharedBiasNet net(5);
  net.g.value(net.w2).data.zero();
  Rng rng(1);
  Tensor xb = random_tensor({2, 5}, rng, 1.0);
  Tensor yb = Tensor::from_i32({2}, {2, 1});
  Executor e(net.g, {Backend::reference, {net.logits}, net.loss});
  e.set_input(net.x, xb);
  e.set_input(net.y, yb);
  e.forward(true);
  e.backward();
  const Tensor& logits = e.value(net.logits);
  for (int j = 0; j < 4; ++j) {
    double expect = 0;
    for (int n = 0; n < 2; ++n) {
      double z = 0;
      for (int c = 0; c < 4; ++c) z += std::exp(logits.f32()[n * 4 + c]);
      expect += (std::exp(logits.f32()[n * 4 + j]) / z - (yb.i32()[n] == j ? 1.0 : 0.0)) / 2.0;
    }
    EXPECT_NEAR(e.grad(net.p).f32()[j], expect, 1e-6);
  }
}

TEST(Executor, PrunesNodesThatFeedNoOutput) {
  Graph g;
  ValueId x = g.add_input("x", {{kBatch, 3}});
  ValueId a = g.add_node("activation", {x}, {{"kind", std::string("relu")}}, "used");
  g.add_node("activation", {x}, {{"kind", std::string("sigmoid")}}, "unused");
  Executor e(g, {Backend::optimized, {a}, kNoValue});
  ASSERT_EQ(e.forward_order().size(), 1u);
  EXPECT_EQ(g.nodes()[static_cast<std::size_t>(e.forward_order()[0])].name, "used");
  e.set_input(x, Tensor::from_f32({1, 3}, {-1, 0.5f, 2}));
  e.forward(false);
  EXPECT_EQ(e.value(a).f32()[0], 0.0f);
  EXPECT_EQ(e.value(a).f32()[2], 2.0f);
}

TEST(Executor, BackwardSkipsNodesWithoutParameters) {
  SharedBiasNet net(2);
  Executor e(net.g, {Backend::optimized, {net.logits}, net.loss});
  // Every node leads from a parameter to the loss here.
  EXPECT_EQ(e.backward_order().size(), 4u);
  Graph g;
  ValueId x = g.add_input("x", {{kBatch, 3}});
  ValueId y = g.add_input("y", {{kBatch}, DType::i32});
  ValueId a = g.add_node("activation", {x}, {{"kind", std::string("relu")}}, "no_params");
  ValueId w = g.add_parameter("w", Tensor({2, 3}));
  ValueId b = g.add_parameter("b", Tensor({2}));
  ValueId l = g.add_node("dense", {a, w, b}, {}, "fc");
  ValueId loss = g.add_node("softmax_cross_entropy", {l, y}, {}, "loss");
  Executor e2(g, {Backend::optimized, {l}, loss});
  EXPECT_EQ(e2.backward_order().size(), 2u);  // loss and fc; the activation has no parameter upstream
}

TEST(Executor, ShapeErrorsNameTheNodeAndBothShapes) {
  Graph g;
  ValueId x = g.add_input("x", {{kBatch, 784}});
  ValueId w = g.add_parameter("w", Tensor({128, 100}));
  ValueId b = g.add_parameter("b", Tensor({128}));
  test::expect_error([&] { g.add_node("dense", {x, w, b}, {}, "fc1"); }, {"fc1", "784", "100"});
  EXPECT_THROW(g.add_node("no_such_op", {x}), Error);
}

TEST(Executor, InputErrors) {
  SharedBiasNet net(1);
  Executor e(net.g, {Backend::optimized, {net.logits}, net.loss});
  EXPECT_THROW(e.set_input(net.x, Tensor({2, 6})), Error);                 // wrong width
  EXPECT_THROW(e.set_input(net.x, Tensor({2, 5}, DType::i32)), Error);     // wrong type
  EXPECT_THROW(e.set_input(net.w1, Tensor({4, 5})), Error);                // not an input
  e.set_input(net.x, Tensor({2, 5}));
  EXPECT_THROW(e.forward(false), Error);                                   // y not set
  e.set_input(net.y, Tensor({3}, DType::i32));
  EXPECT_THROW(e.forward(false), Error);                                   // batch sizes differ
  EXPECT_THROW(e.backward(), Error);                                       // before forward
}

TEST(Executor, SeveralBatchSizesReuseTheirPlans) {
  SharedBiasNet net(4);
  Executor e(net.g, {Backend::optimized, {net.logits}, net.loss});
  Rng rng(3);
  for (int round = 0; round < 2; ++round) {
    for (std::int64_t n : {4, 1, 3}) {
      Tensor xb = random_tensor({n, 5}, rng);
      Tensor yb({n}, DType::i32);
      e.set_input(net.x, xb);
      e.set_input(net.y, yb);
      e.forward(true);
      e.backward();
      EXPECT_EQ(e.value(net.logits).dim(0), n);
      EXPECT_TRUE(std::isfinite(e.value(net.loss).f32()[0]));
    }
  }
}

}  // namespace
}  // namespace dendrite

namespace dendrite {
namespace {

TEST(Executor, InferenceNeedsOnlyTheInputsItReads) {
  SharedBiasNet net(6);
  Executor e(net.g, {Backend::optimized, {net.logits}, kNoValue});  // no loss: labels are not read
  e.set_input(net.x, Tensor({2, 5}));
  e.forward(false);
  EXPECT_EQ(e.value(net.logits).dim(0), 2);
}

}  // namespace
}  // namespace dendrite

namespace dendrite {
namespace {

// ExecutorOptions::time_kernels: every kernel call adds its wall time; reset_kernel_times starts over.
TEST(Executor, KernelTimesAreKeptOnlyWhenAsked) {
  for (const bool timed : {true, false}) {
    SharedBiasNet net(4);
    ExecutorOptions o{Backend::optimized, {net.logits}, net.loss};
    o.time_kernels = timed;
    Executor e(net.g, o);
    Rng rng(2);
    e.set_input(net.x, random_tensor({3, 5}, rng, 1.0));
    e.set_input(net.y, Tensor::from_i32({3}, {0, 1, 2}));
    for (int step = 0; step < 2; ++step) {
      e.forward(true);
      e.backward();
    }
    for (int n : e.forward_order()) {
      const Executor::KernelTime t = e.kernel_time(n);
      EXPECT_EQ(t.forward > 0, timed) << e.kernel_name(n);
      EXPECT_EQ(t.backward > 0, timed) << e.kernel_name(n);  // every node here leads to the loss
      EXPECT_EQ(t.wait, 0.0) << e.kernel_name(n);  // no kernel here measures its threads' waits
    }
    e.reset_kernel_times();
    for (int n : e.forward_order()) EXPECT_EQ(e.kernel_time(n).forward + e.kernel_time(n).backward, 0.0);
  }
}

}  // namespace
}  // namespace dendrite
