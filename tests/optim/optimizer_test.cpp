// Optimizers against straightforward double-precision versions of the PyTorch update rules,
// state round trips, and argument checks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "framework/core/error.h"
#include "framework/optim/optimizer.h"
#include "tests/common/expect_error.h"

namespace dendrite {
namespace {

using test::expect_error;

constexpr int kSteps = 3;
const std::vector<float> kInitial = {0.5f, -1.25f, 0.0f, 2.0f, -0.3f, 0.75f};

// Gradient of step t (1-based): a fixed, sign-changing pattern, different every step.
std::vector<float> grad_values(int t) {
  std::vector<float> g(kInitial.size());
  for (std::size_t j = 0; j < g.size(); ++j)
    g[j] = static_cast<float>(0.8 * std::sin(1.7 * static_cast<double>(j) + 0.9 * t) + 0.05 * static_cast<double>(j));
  return g;
}

// The update rules written out in double, one element at a time.
std::vector<double> reference(const OptimizerConfig& c, int steps) {
  std::vector<double> p(kInitial.begin(), kInitial.end());
  std::vector<double> m(p.size(), 0.0), v(p.size(), 0.0);
  for (int t = 1; t <= steps; ++t) {
    const std::vector<float> gf = grad_values(t);
    for (std::size_t j = 0; j < p.size(); ++j) {
      double g = gf[j];
      if (c.type == "sgd") {
        g += c.weight_decay * p[j];
        if (c.momentum > 0) {
          v[j] = c.momentum * v[j] + g;
          g = c.nesterov ? g + c.momentum * v[j] : v[j];
        }
        p[j] -= c.lr * g;
      } else {
        if (c.type == "adamw") p[j] -= c.lr * c.weight_decay * p[j];
        else g += c.weight_decay * p[j];
        m[j] = c.beta1 * m[j] + (1 - c.beta1) * g;
        v[j] = c.beta2 * v[j] + (1 - c.beta2) * g * g;
        const double m_hat = m[j] / (1 - std::pow(c.beta1, t));
        const double v_hat = v[j] / (1 - std::pow(c.beta2, t));
        p[j] -= c.lr * m_hat / (std::sqrt(v_hat) + c.eps);
      }
    }
  }
  return p;
}

// Runs `steps` steps of the real optimizer on a [2, 3] parameter and returns it.
Tensor run(const OptimizerConfig& c, int steps) {
  Tensor w = Tensor::from_f32({2, 3}, kInitial);
  auto opt = make_optimizer(c, {{"w", w}});
  for (int t = 1; t <= steps; ++t) {
    const Tensor g = Tensor::from_f32({2, 3}, grad_values(t));
    opt->step({&g});
  }
  EXPECT_EQ(opt->steps(), steps);
  return w;  // shares storage with the optimizer's parameter
}

OptimizerConfig config(const std::string& type, double lr) {
  OptimizerConfig c;
  c.type = type;
  c.lr = lr;
  return c;
}

void expect_matches_reference(const OptimizerConfig& c) {
  const Tensor w = run(c, kSteps);
  const std::vector<double> want = reference(c, kSteps);
  for (std::size_t j = 0; j < want.size(); ++j) {
    EXPECT_NEAR(w.f32()[j], want[j], 2e-6) << c.type << " element " << j;
    EXPECT_NE(w.f32()[j], kInitial[j]) << "element " << j << " did not move";
  }
}

TEST(Sgd, PlainMatchesReference) { expect_matches_reference(config("sgd", 0.1)); }

TEST(Sgd, WeightDecayMatchesReference) {
  OptimizerConfig c = config("sgd", 0.1);
  c.weight_decay = 0.2;
  expect_matches_reference(c);
}

TEST(Sgd, MomentumMatchesReference) {
  OptimizerConfig c = config("sgd", 0.1);
  c.momentum = 0.9;
  c.weight_decay = 0.05;
  expect_matches_reference(c);
}

TEST(Sgd, NesterovMatchesReferenceAndDiffersFromHeavyBall) {
  OptimizerConfig c = config("sgd", 0.1);
  c.momentum = 0.9;
  c.nesterov = true;
  expect_matches_reference(c);
  OptimizerConfig heavy = c;
  heavy.nesterov = false;
  EXPECT_FALSE(run(c, kSteps).bitwise_equal(run(heavy, kSteps)));
}

TEST(Adam, MatchesReference) { expect_matches_reference(config("adam", 0.05)); }

TEST(Adam, DefaultsAreThePaperProtocol) {
  const OptimizerConfig c;
  EXPECT_EQ(c.type, "adam");
  EXPECT_EQ(c.lr, 1e-3);
  EXPECT_EQ(c.beta1, 0.9);
  EXPECT_EQ(c.beta2, 0.999);
  EXPECT_EQ(c.eps, 1e-7);
  expect_matches_reference(c);
}

// A large eps makes its placement (added to sqrt(v_hat), not sqrt(v)) visible.
TEST(Adam, EpsIsAddedToBiasCorrectedRoot) {
  OptimizerConfig c = config("adam", 0.05);
  c.eps = 0.3;
  expect_matches_reference(c);
}

TEST(Adam, L2WeightDecayMatchesReference) {
  OptimizerConfig c = config("adam", 0.05);
  c.weight_decay = 0.5;
  c.beta1 = 0.8;
  c.beta2 = 0.95;
  expect_matches_reference(c);
}

TEST(AdamW, DecoupledWeightDecayMatchesReference) {
  OptimizerConfig c = config("adamw", 0.05);
  c.weight_decay = 0.5;
  expect_matches_reference(c);
  OptimizerConfig l2 = c;
  l2.type = "adam";
  EXPECT_FALSE(run(c, kSteps).bitwise_equal(run(l2, kSteps)));
}

// Masked (absent) connections have zero weight and zero gradient: they must stay exactly zero.
TEST(Optimizer, ZeroWeightWithZeroGradientStaysZero) {
  for (const char* type : {"sgd", "adam", "adamw"}) {
    OptimizerConfig c = config(type, 0.1);
    c.weight_decay = 0.1;
    if (c.type == "sgd") c.momentum = 0.9;
    Tensor w({4});
    auto opt = make_optimizer(c, {{"w", w}});
    const Tensor g({4});
    for (int t = 0; t < 3; ++t) opt->step({&g});
    for (int j = 0; j < 4; ++j) EXPECT_EQ(w.f32()[j], 0.0f) << type;
    for (const auto& [name, s] : opt->state())
      for (int j = 0; j < 4; ++j) EXPECT_EQ(s.f32()[j], 0.0f) << name;
  }
}

TEST(Optimizer, StateNames) {
  Tensor a({2}), b({3, 1});
  EXPECT_TRUE(make_optimizer(config("sgd", 0.1), {{"a", a}, {"b", b}})->state().empty());
  OptimizerConfig momentum = config("sgd", 0.1);
  momentum.momentum = 0.5;
  std::vector<std::string> names;
  for (const auto& [name, t] : make_optimizer(momentum, {{"a", a}, {"b", b}})->state()) names.push_back(name);
  EXPECT_THAT(names, ::testing::ElementsAre("sgd.momentum.a", "sgd.momentum.b"));
  names.clear();
  const auto adam_state = make_optimizer(config("adam", 0.1), {{"a", a}, {"b", b}})->state();
  for (const auto& [name, t] : adam_state) names.push_back(name);
  EXPECT_THAT(names, ::testing::ElementsAre("adam.m.a", "adam.m.b", "adam.v.a", "adam.v.b"));
  EXPECT_EQ(adam_state[3].second.shape(), (Shape{3, 1}));
}

// Two steps, save the state, continue in a fresh optimizer: identical to not stopping.
TEST(Optimizer, StateRoundTripContinuesIdentically) {
  std::vector<OptimizerConfig> configs = {config("sgd", 0.1), config("adam", 0.05), config("adamw", 0.05)};
  configs[0].momentum = 0.9;
  configs[0].nesterov = true;
  configs[2].weight_decay = 0.1;
  for (const OptimizerConfig& c : configs) {
    Tensor w1 = Tensor::from_f32({2, 3}, kInitial);
    auto opt1 = make_optimizer(c, {{"w", w1}});
    for (int t = 1; t <= 2; ++t) {
      const Tensor g = Tensor::from_f32({2, 3}, grad_values(t));
      opt1->step({&g});
    }
    const auto saved = opt1->state();
    Tensor w2 = w1.clone();
    auto opt2 = make_optimizer(c, {{"w", w2}});
    opt2->load_state(saved, opt1->steps());
    EXPECT_EQ(opt2->steps(), 2);
    for (int t = 3; t <= 5; ++t) {
      const Tensor g = Tensor::from_f32({2, 3}, grad_values(t));
      opt1->step({&g});
      opt2->step({&g});
    }
    EXPECT_TRUE(w1.bitwise_equal(w2)) << c.type;
    // state() returns copies: the saved tensors did not follow the later steps.
    EXPECT_FALSE(saved[0].second.bitwise_equal(opt1->state()[0].second)) << c.type;
  }
}

TEST(Optimizer, LoadStateRejectsMismatches) {
  Tensor w({2, 3});
  auto adam = make_optimizer(config("adam", 0.1), {{"w", w}});
  NamedTensors state = adam->state();
  expect_error([&] { adam->load_state({state[0]}, 1); }, {"missing state tensors: adam.v.w"});
  NamedTensors wrong_shape = state;
  wrong_shape[1].second = Tensor({3, 2});
  expect_error([&] { adam->load_state(wrong_shape, 1); }, {"adam.v.w is [3, 2] f32"});
  NamedTensors extra = state;
  extra.emplace_back("adam.m.other", Tensor({1}));
  expect_error([&] { adam->load_state(extra, 1); }, {"unexpected state tensors: adam.m.other"});
  NamedTensors twice = state;
  twice.push_back(state[0]);
  expect_error([&] { adam->load_state(twice, 1); }, {"appears twice"});
  expect_error([&] { adam->load_state(state, -1); }, {"negative"});
  OptimizerConfig momentum = config("sgd", 0.1);
  momentum.momentum = 0.9;
  auto sgd = make_optimizer(momentum, {{"w", w}});
  expect_error([&] { sgd->load_state(state, 1); }, {"missing state tensors: sgd.momentum.w"});
}

TEST(Optimizer, StepChecksGradientsBeforeChangingAnything) {
  Tensor a = Tensor::from_f32({2}, {1, 2});
  Tensor b = Tensor::from_f32({3}, {1, 2, 3});
  auto opt = make_optimizer(config("sgd", 0.1), {{"a", a}, {"b", b}});
  const Tensor ga = Tensor::from_f32({2}, {1, 1});
  const Tensor wrong({2, 2});
  const Tensor ints({3}, DType::i32);
  expect_error([&] { opt->step({&ga}); }, {"1 gradients for 2 parameters"});
  expect_error([&] { opt->step({&ga, &wrong}); }, {"gradient for parameter 'b' is [2, 2] f32, expected [3] f32"});
  expect_error([&] { opt->step({&ga, &ints}); }, {"'b' is [3] i32"});
  expect_error([&] { opt->step({&ga, nullptr}); }, {"no gradient for parameter 'b'"});
  EXPECT_EQ(a.f32()[0], 1.0f);  // 'a' was not updated by the failed steps
  EXPECT_EQ(opt->steps(), 0);
}

TEST(Optimizer, RejectsBadParameters) {
  Tensor w({2});
  expect_error([&] { make_optimizer(OptimizerConfig{}, {{"w", w}, {"w", w}}); }, {"two parameters are named 'w'"});
  expect_error([&] { make_optimizer(OptimizerConfig{}, {{"idx", Tensor({2}, DType::i32)}}); },
               {"parameter 'idx' is i32"});
}

TEST(Optimizer, ConfigValidation) {
  const auto error_for = [](auto change) {
    OptimizerConfig c;
    change(c);
    return [c] { validate_optimizer_config(c); };
  };
  EXPECT_NO_THROW(validate_optimizer_config(OptimizerConfig{}));
  expect_error(error_for([](OptimizerConfig& c) { c.type = "rmsprop"; }),
               {"unknown optimizer type 'rmsprop' (known: sgd, adam, adamw)"});
  expect_error(error_for([](OptimizerConfig& c) { c.lr = 0; }), {"lr must be > 0"});
  expect_error(error_for([](OptimizerConfig& c) { c.lr = NAN; }), {"lr must be > 0"});
  expect_error(error_for([](OptimizerConfig& c) { c.beta1 = 1.0; }), {"beta1 must be in [0, 1)"});
  expect_error(error_for([](OptimizerConfig& c) { c.beta2 = -0.1; }), {"beta2 must be in [0, 1)"});
  expect_error(error_for([](OptimizerConfig& c) { c.eps = 0; }), {"eps must be > 0"});
  expect_error(error_for([](OptimizerConfig& c) { c.weight_decay = -1; }), {"weight_decay must be >= 0"});
  expect_error(error_for([](OptimizerConfig& c) { c.type = "sgd"; c.momentum = -0.5; }), {"momentum must be >= 0"});
  expect_error(error_for([](OptimizerConfig& c) { c.type = "sgd"; c.nesterov = true; }),
               {"nesterov needs momentum > 0"});
  expect_error(error_for([](OptimizerConfig& c) { c.momentum = 0.9; }), {"apply to sgd only, not to adam"});
  Tensor w({1});
  OptimizerConfig bad;
  bad.lr = -1;
  expect_error([&] { make_optimizer(bad, {{"w", w}}); }, {"lr must be > 0, got -1"});
}

TEST(Optimizer, SetLrChangesFollowingSteps) {
  Tensor w = Tensor::from_f32({1}, {1.0f});
  auto opt = make_optimizer(config("sgd", 0.1), {{"w", w}});
  const Tensor g = Tensor::from_f32({1}, {1.0f});
  opt->step({&g});
  opt->set_lr(0.5);
  opt->step({&g});
  EXPECT_FLOAT_EQ(w.f32()[0], 1.0f - 0.1f - 0.5f);
  EXPECT_THROW(opt->set_lr(0), Error);
}

}  // namespace
}  // namespace dendrite
