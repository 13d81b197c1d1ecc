// Learning-rate schedules against hand-computed sequences and PyTorch's documented examples;
// state round trips; argument checks.
#include "framework/optim/lr_schedule.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "framework/core/error.h"
#include "tests/common/expect_error.h"

namespace dendrite {
namespace {

// The lrs of epochs 0..epochs-1, feeding `losses` (one per epoch; plateau reads them).
std::vector<double> run(const LrScheduleConfig& cfg, double lr, std::int64_t epochs,
                        const std::vector<double>& losses = {}) {
  LrSchedule s(cfg, lr, epochs);
  std::vector<double> out;
  for (std::int64_t e = 0; e < epochs; ++e) {
    out.push_back(s.lr(e));
    s.end_epoch(e, e < static_cast<std::int64_t>(losses.size()) ? losses[static_cast<std::size_t>(e)] : 1.0);
  }
  return out;
}

void expect_near_all(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-15 * std::abs(want[i])) << "epoch " << i;
}

LrScheduleConfig kind(const std::string& k) {
  LrScheduleConfig c;
  c.kind = k;
  return c;
}

TEST(LrSchedule, ConstantKeepsTheLr) { expect_near_all(run(kind("constant"), 0.1, 4), {0.1, 0.1, 0.1, 0.1}); }

TEST(LrSchedule, WarmupRisesLinearlyFromLrOverWarmup) {
  LrScheduleConfig c = kind("constant");
  c.warmup_epochs = 4;
  expect_near_all(run(c, 0.1, 6), {0.025, 0.05, 0.075, 0.1, 0.1, 0.1});
  c.warmup_epochs = 1;  // lr / 1: no change
  expect_near_all(run(c, 0.1, 2), {0.1, 0.1});
}

// The warmup is PyTorch's LinearLR(start_factor = 1/W, end_factor = 1, total_iters = W - 1):
// factor(e) = s + (1 - s) * min(e, T) / T.
TEST(LrSchedule, WarmupEqualsLinearLrWithStartFactorOneOverW) {
  for (std::int64_t w = 2; w <= 7; ++w) {
    LrScheduleConfig c = kind("constant");
    c.warmup_epochs = w;
    const std::vector<double> got = run(c, 0.3, w);
    const double s = 1.0 / static_cast<double>(w), t = static_cast<double>(w - 1);
    for (std::int64_t e = 0; e < w; ++e)
      EXPECT_NEAR(got[static_cast<std::size_t>(e)], 0.3 * (s + (1 - s) * static_cast<double>(e) / t), 1e-15)
          << "W " << w << " epoch " << e;
  }
}

// torch.optim.lr_scheduler.StepLR's docstring: lr 0.05, step_size 30, gamma 0.1 gives 0.05 for
// epochs 0-29, 0.005 for 30-59, 0.0005 for 60-89.
TEST(LrSchedule, StepMatchesPyTorchDocstring) {
  LrScheduleConfig c = kind("step");
  c.step_size = 30;
  c.gamma = 0.1;
  const std::vector<double> lrs = run(c, 0.05, 90);
  for (int e : {0, 29}) EXPECT_NEAR(lrs[e], 0.05, 1e-17) << e;
  for (int e : {30, 59}) EXPECT_NEAR(lrs[e], 0.005, 1e-17) << e;
  for (int e : {60, 89}) EXPECT_NEAR(lrs[e], 0.0005, 1e-17) << e;
}

TEST(LrSchedule, StepAfterWarmupCountsFromTheWarmupsEnd) {
  LrScheduleConfig c = kind("step");
  c.step_size = 2;
  c.gamma = 0.5;
  c.warmup_epochs = 2;
  expect_near_all(run(c, 1.0, 7), {0.5, 1.0, 1.0, 1.0, 0.5, 0.5, 0.25});
}

TEST(LrSchedule, CosineHandComputed) {
  // b = 1, eta_min = 0, T = 4: (1 + cos(pi t / 4)) / 2.
  expect_near_all(run(kind("cosine"), 1.0, 4), {1.0, 0.85355339059327373, 0.5, 0.14644660940672627});
  // b = 0.1, eta_min = 0.01, T = 3: 0.01 + 0.09 * {1, 0.75, 0.25}.
  LrScheduleConfig c = kind("cosine");
  c.min_lr = 0.01;
  expect_near_all(run(c, 0.1, 3), {0.1, 0.0775, 0.0325});
  // Two warmup epochs, then the cosine over the remaining 4.
  c = kind("cosine");
  c.warmup_epochs = 2;
  expect_near_all(run(c, 1.0, 6), {0.5, 1.0, 1.0, 0.85355339059327373, 0.5, 0.14644660940672627});
  // One epoch after the warmup: the base lr.
  c.warmup_epochs = 3;
  expect_near_all(run(c, 0.3, 4), {0.1, 0.2, 0.3, 0.3});
}

// ReduceLROnPlateau(factor 0.5, patience 1, min_lr 0.2, threshold 1e-4 rel), by hand:
//   epoch loss     vs best              bad  lr of the next epoch
//   0     1.0      first: best 1.0      0    1
//   1     0.99995  >= 0.9999: bad       1    1
//   2     0.9      < 0.99995: best      0    1
//   3     0.95     bad                  1    1
//   4     0.95     bad (2 > 1): reduce  0    0.5
//   5     0.95     bad                  1    0.5
//   6     0.95     bad: reduce          0    0.25
//   7     0.95     bad                  1    0.25
//   8     0.95     bad: reduce to max(0.125, 0.2) = 0.2
//   9, 10 bad; the reduction at 10 would not lower the lr: it stays 0.2
TEST(LrSchedule, PlateauHandComputed) {
  LrScheduleConfig c = kind("plateau");
  c.factor = 0.5;
  c.patience = 1;
  c.min_lr = 0.2;
  const std::vector<double> losses = {1.0, 0.99995, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95};
  expect_near_all(run(c, 1.0, 12, losses), {1, 1, 1, 1, 1, 0.5, 0.5, 0.25, 0.25, 0.2, 0.2, 0.2});
}

TEST(LrSchedule, PlateauThresholdIsRelative) {
  LrScheduleConfig c = kind("plateau");
  c.patience = 0;  // every bad epoch reduces
  // 10 * (1 - 1e-4) = 9.999: 9.9991 is not an improvement (a reduction follows), 9.9989 is.
  expect_near_all(run(c, 1.0, 3, {10.0, 9.9991}), {1.0, 1.0, 0.1});
  expect_near_all(run(c, 1.0, 3, {10.0, 9.9989}), {1.0, 1.0, 1.0});
}

TEST(LrSchedule, PlateauSkipsReductionsBelowEps) {
  LrScheduleConfig c = kind("plateau");
  c.patience = 0;
  c.factor = 0.5;
  // 1.5e-8 - 0.75e-8 < 1e-8: PyTorch leaves the lr as it is.
  expect_near_all(run(c, 1.5e-8, 4, {1, 2, 3, 4}), {1.5e-8, 1.5e-8, 1.5e-8, 1.5e-8});
}

TEST(LrSchedule, PlateauIgnoresTheWarmupEpochs) {
  LrScheduleConfig c = kind("plateau");
  c.patience = 0;
  c.warmup_epochs = 2;
  // The warmup's losses (0.1, 0.2) are not seen: best becomes 5.0 at epoch 2, epoch 3 is bad.
  expect_near_all(run(c, 1.0, 5, {0.1, 0.2, 5.0, 6.0, 4.0}), {0.5, 1.0, 1.0, 1.0, 0.1});
}

TEST(LrSchedule, StateRoundTripContinuesBitwise) {
  LrScheduleConfig c = kind("plateau");
  c.patience = 1;
  c.factor = 0.3;
  const std::vector<double> losses = {3, 2, 2.5, 2.5, 1.9, 2, 2, 2, 2, 2};
  LrSchedule whole(c, 0.01, 10);
  std::vector<double> expected;
  for (std::int64_t e = 0; e < 10; ++e) {
    expected.push_back(whole.lr(e));
    whole.end_epoch(e, losses[static_cast<std::size_t>(e)]);
  }
  for (std::int64_t cut = 0; cut <= 10; ++cut) {
    LrSchedule first(c, 0.01, 10);
    for (std::int64_t e = 0; e < cut; ++e) first.end_epoch(e, losses[static_cast<std::size_t>(e)]);
    const nlohmann::json saved = nlohmann::json::parse(first.state().dump());
    LrSchedule second(c, 0.01, 10);
    second.load_state(saved);
    for (std::int64_t e = cut; e < 10; ++e) {
      EXPECT_EQ(second.lr(e), expected[static_cast<std::size_t>(e)]) << "cut " << cut << " epoch " << e;
      second.end_epoch(e, losses[static_cast<std::size_t>(e)]);
    }
  }
  EXPECT_LT(expected.back(), 0.01);  // the sequence did reduce
}

TEST(LrSchedule, LoadStateRejectsBadState) {
  LrSchedule s(kind("plateau"), 0.1, 5);
  test::expect_error(
      [&] {
        s.load_state({{"kind", "cosine"}, {"reductions", 0}, {"best", nullptr}, {"bad_epochs", 0}});
      },
      {"this run uses 'plateau'"});
  test::expect_error(
      [&] {
        s.load_state({{"kind", "plateau"}, {"reductions", -1}, {"best", nullptr}, {"bad_epochs", 0}});
      },
      {"'reductions' must be a non-negative integer"});
  test::expect_error(
      [&] {
        s.load_state({{"kind", "plateau"}, {"reductions", 0}, {"best", "x"}, {"bad_epochs", 0}});
      },
      {"'best' must be a number or null"});
  test::expect_error(
      [&] {
        s.load_state({{"kind", "plateau"}, {"reductions", 0}, {"best", 1.0}});
      },
      {"no field 'bad_epochs'"});
  test::expect_error([&] { s.load_state(nlohmann::json::array()); }, {"a JSON object"});
}

TEST(LrSchedule, ValidationNamesTheField) {
  const auto fails = [](LrScheduleConfig c, double lr, std::int64_t epochs, const char* text) {
    test::expect_error([&] { LrSchedule s(c, lr, epochs); }, {text});
  };
  fails(kind("linear"), 0.1, 5, "kind must be one of constant, step, cosine, plateau, got 'linear'");
  fails(kind("step"), 0.1, 5, "step_size must be >= 1");
  LrScheduleConfig c = kind("step");
  c.step_size = 2;
  c.gamma = 0;
  fails(c, 0.1, 5, "gamma must be > 0");
  c = kind("cosine");
  c.warmup_epochs = 5;
  fails(c, 0.1, 5, "must be below the epochs");
  c.warmup_epochs = 0;
  c.min_lr = 0.1;
  fails(c, 0.1, 5, "min_lr must be >= 0 and below the lr");
  c = kind("plateau");
  c.factor = 1.0;
  fails(c, 0.1, 5, "factor must be in (0, 1)");
  c.factor = 0.5;
  c.patience = -1;
  fails(c, 0.1, 5, "patience must be >= 0");
  c = kind("constant");
  c.warmup_epochs = 6;
  fails(c, 0.1, 5, "lr schedule constant: warmup_epochs must be at most the epochs (5), got 6");
  fails(kind("constant"), 0.0, 5, "lr must be > 0, got 0");
}

}  // namespace
}  // namespace dendrite
