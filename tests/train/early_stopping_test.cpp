// EarlyStopping by hand, against Keras' rule: improvement with and without min_delta, when it
// stops, patience 0, NaN losses, never after the first epoch, the state round trip and bad states.
#include "framework/train/early_stopping.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "framework/core/error.h"
#include "tests/common/expect_error.h"

namespace dendrite {
namespace {

// The 1-based epoch after which training stops (0: never), feeding `losses`.
std::int64_t stop_epoch(EarlyStopping& es, const std::vector<double>& losses) {
  for (std::size_t i = 0; i < losses.size(); ++i) {
    es.end_epoch(static_cast<std::int64_t>(i + 1), losses[i]);
    if (es.stopped()) return static_cast<std::int64_t>(i + 1);
  }
  return 0;
}

TEST(EarlyStopping, StopsAfterPatienceEpochsWithoutImprovement) {
  EarlyStopping es({2, 0.0});
  // epoch 1: 1.0 best; 2: 0.8 best; 3: 0.8 not lower (bad 1); 4: 0.9 (bad 2): stop.
  EXPECT_EQ(stop_epoch(es, {1.0, 0.8, 0.8, 0.9, 0.1}), 4);
  EXPECT_EQ(es.best_epoch(), 2);
  EXPECT_EQ(es.best_loss(), 0.8);
  EXPECT_EQ(es.bad_epochs(), 2);
}

TEST(EarlyStopping, AnImprovementResetsTheCount) {
  EarlyStopping es({2, 0.0});
  EXPECT_EQ(stop_epoch(es, {1.0, 1.1, 0.9, 1.0, 0.8, 0.85, 0.84}), 7);
  EXPECT_EQ(es.best_epoch(), 5);
}

TEST(EarlyStopping, MinDeltaIsTheNeededDrop) {
  EarlyStopping es({1, 0.1});
  // 0.95 > 1.0 - 0.1: not an improvement, although lower.
  EXPECT_EQ(stop_epoch(es, {1.0, 0.95}), 2);
  EXPECT_EQ(es.best_epoch(), 1);
  EarlyStopping enough({1, 0.1});
  EXPECT_EQ(stop_epoch(enough, {1.0, 0.89, 0.8}), 3);  // 0.89 < 0.9 improves, 0.8 > 0.79 does not
  EXPECT_EQ(enough.best_epoch(), 2);
}

TEST(EarlyStopping, PatienceZeroStopsAtTheFirstEpochWithoutImprovement) {
  EarlyStopping es;
  EXPECT_EQ(stop_epoch(es, {1.0, 0.9, 0.95, 0.5}), 3);
  EXPECT_EQ(es.best_epoch(), 2);
}

TEST(EarlyStopping, NeverStopsAfterTheFirstEpoch) {
  // Keras' `epoch > 0`: a first epoch without a finite loss does not stop a run of patience 0 or 1.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::int64_t patience : {0, 1}) {
    EarlyStopping es({patience, 0.0});
    EXPECT_FALSE(es.end_epoch(1, nan));
    EXPECT_FALSE(es.stopped()) << patience;
    EXPECT_FALSE(es.end_epoch(2, nan));
    EXPECT_TRUE(es.stopped()) << patience;
  }
}

TEST(EarlyStopping, NoEpochAfterTheStop) {
  EarlyStopping es({1, 0.0});
  EXPECT_EQ(stop_epoch(es, {1.0, 1.0}), 2);
  test::expect_error([&] { es.end_epoch(3, 0.5); }, {"epoch 3 ends after training stopped"});
}

TEST(EarlyStopping, NanNeverImproves) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EarlyStopping es({5, 0.0});
  EXPECT_FALSE(es.end_epoch(1, nan));
  EXPECT_EQ(es.best_epoch(), 0);
  EXPECT_TRUE(es.end_epoch(2, 1.0));
  EXPECT_FALSE(es.end_epoch(3, nan));
  EXPECT_EQ(es.best_epoch(), 2);
}

TEST(EarlyStopping, StateRoundTrip) {
  const std::vector<double> losses = {1.0, 0.7, 0.75, 0.71, 0.69, 0.7, 0.7, 0.7};
  EarlyStopping whole({3, 0.0});
  const std::int64_t expected = stop_epoch(whole, losses);
  ASSERT_EQ(expected, 8);
  for (std::size_t cut = 0; cut < losses.size(); ++cut) {
    EarlyStopping first({3, 0.0});
    for (std::size_t i = 0; i < cut; ++i) first.end_epoch(static_cast<std::int64_t>(i + 1), losses[i]);
    EarlyStopping second({3, 0.0});
    second.load_state(nlohmann::json::parse(first.state().dump()));
    EXPECT_EQ(second.state(), first.state()) << "cut " << cut;
    std::int64_t stopped = 0;
    for (std::size_t i = cut; i < losses.size() && stopped == 0; ++i) {
      second.end_epoch(static_cast<std::int64_t>(i + 1), losses[i]);
      if (second.stopped()) stopped = static_cast<std::int64_t>(i + 1);
    }
    EXPECT_EQ(stopped, expected) << "cut " << cut;
    EXPECT_EQ(second.best_epoch(), 5);
    EXPECT_EQ(second.best_loss(), 0.69);
  }
}

TEST(EarlyStopping, BadConfigAndState) {
  test::expect_error([] { EarlyStopping es({-1, 0.0}); }, {"patience must be >= 0"});
  test::expect_error([] { EarlyStopping es({1, -0.5}); }, {"min_delta must be >= 0"});
  EarlyStopping es({1, 0.0});
  test::expect_error(
      [&] {
        es.load_state({{"best_epoch", 2}, {"best_loss", nullptr}, {"bad_epochs", 0}, {"stopped", false}});
      },
      {"'best_loss' must be a number with best_epoch 2"});
  test::expect_error(
      [&] {
        es.load_state({{"best_epoch", 1.5}, {"best_loss", 1.0}, {"bad_epochs", 0}, {"stopped", false}});
      },
      {"'best_epoch' must be a non-negative integer"});
  test::expect_error([&] { es.load_state({{"best_epoch", 1}, {"best_loss", 1.0}}); }, {"no field 'bad_epochs'"});
  test::expect_error([&] { es.load_state({{"best_epoch", 1}, {"best_loss", 1.0}, {"bad_epochs", 0}, {"stopped", 1}}); },
                     {"'stopped' must be true or false, got 1"});
}

}  // namespace
}  // namespace dendrite
