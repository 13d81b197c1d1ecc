// End-to-end training on synthetic data: learning happens, runs are bitwise reproducible, and a
// run resumed from a checkpoint (after an epoch, or interrupted mid-epoch) ends with the same
// weights as an uninterrupted one.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <limits>

#include "framework/core/error.h"

#include "framework/model/variants.h"
#include "framework/train/trainer.h"
#include "tests/common/expect_error.h"
#include "tests/common/small_model.h"
#include "tests/common/synthetic_data.h"
#include "tests/common/temp_dir.h"

namespace dendrite {
namespace {

void expect_same_parameters(const Model& a, const Model& b) {
  const auto pa = a.graph.parameters();
  const auto pb = b.graph.parameters();
  ASSERT_EQ(pa.size(), pb.size());
  for (std::size_t i = 0; i < pa.size(); ++i)
    EXPECT_TRUE(a.graph.value(pa[i]).data.bitwise_equal(b.graph.value(pb[i]).data)) << a.graph.value(pa[i]).name;
}

TEST(Training, LearnsTheSyntheticTask) {
  const Dataset train = testing_data::quadrant_blobs(600, 1), test = testing_data::quadrant_blobs(200, 2);
  Model m = build_model(test::small_spec("mlp"));
  Trainer t(m, test::small_train_config(3));
  const TrainResult r = t.fit(train, Dataset{});
  ASSERT_EQ(r.history.size(), 3u);
  EXPECT_LT(r.history.back().train.loss, r.history.front().train.loss);
  EXPECT_GT(t.evaluate(test).accuracy, 0.95);
}

// A batch larger than the training set is one batch of the whole set, as in PyTorch and Keras,
// up to the largest batch there is (2^63 - 1 once overflowed to no batch and a run that trained
// nothing yet looked done).
TEST(Training, ABatchLargerThanTheTrainingSetIsTheWholeSet) {
  const Dataset train = testing_data::quadrant_blobs(50, 1);
  for (const std::int64_t batch : {std::int64_t{50}, std::int64_t{51}, std::numeric_limits<std::int64_t>::max()}) {
    Model m = build_model(test::small_spec("mlp"));
    TrainConfig cfg = test::small_train_config(1);
    cfg.batch = batch;
    const TrainResult r = Trainer(m, cfg).fit(train, Dataset{});
    ASSERT_EQ(r.history.size(), 1u) << batch;
    EXPECT_EQ(r.history[0].train.samples, 50) << batch;
    EXPECT_TRUE(std::isfinite(r.history[0].train.loss)) << batch;
  }
}

TEST(Training, SameSeedGivesBitwiseIdenticalWeights) {
  const Dataset train = testing_data::quadrant_blobs(300, 1);
  Model a = build_model(test::small_spec("mlp")), b = build_model(test::small_spec("mlp"));
  Trainer(a, test::small_train_config(2)).fit(train, Dataset{});
  Trainer(b, test::small_train_config(2)).fit(train, Dataset{});
  expect_same_parameters(a, b);
  // A different seed gives different weights (the test above could otherwise pass trivially).
  Model c = build_model(test::small_spec("mlp"));
  TrainConfig other = test::small_train_config(2);
  other.seed = 6;
  Trainer(c, other).fit(train, Dataset{});
  EXPECT_FALSE(a.graph.value(a.graph.parameters()[0]).data.bitwise_equal(c.graph.value(c.graph.parameters()[0]).data));
}

TEST(Training, ResumeAfterAnEpochMatchesAnUninterruptedRun) {
  const Dataset train = testing_data::quadrant_blobs(300, 1);
  Model full = build_model(test::small_spec("mlp"));
  Trainer(full, test::small_train_config(3)).fit(train, Dataset{});

  const test::TempDir dir;
  const std::string ckpt = dir.file("resume_epoch.ckpt");
  Model first = build_model(test::small_spec("mlp"));
  TrainConfig c1 = test::small_train_config(1);
  c1.checkpoint_path = ckpt;
  Trainer(first, c1).fit(train, Dataset{});

  Model resumed = build_model(test::small_spec("mlp"));
  Trainer t(resumed, test::small_train_config(3));
  t.load_checkpoint(ckpt);
  EXPECT_EQ(t.completed_epochs(), 1);
  const TrainResult r = t.fit(train, Dataset{});
  EXPECT_EQ(r.history.size(), 3u);
  expect_same_parameters(full, resumed);
}

TEST(Training, ResumeAfterAStopMidEpochMatchesAnUninterruptedRun) {
  const Dataset train = testing_data::quadrant_blobs(300, 1);
  Model full = build_model(test::small_spec("mlp"));
  Trainer(full, test::small_train_config(2)).fit(train, Dataset{});

  // A stop flag that is already set stops after the first batch.
  const test::TempDir dir;
  const std::string ckpt = dir.file("resume_mid.ckpt");
  std::atomic<bool> stop{true};
  Model first = build_model(test::small_spec("mlp"));
  TrainConfig c1 = test::small_train_config(2);
  c1.checkpoint_path = ckpt;
  c1.stop = &stop;
  const TrainResult r1 = Trainer(first, c1).fit(train, Dataset{});
  EXPECT_TRUE(r1.interrupted);

  Model resumed = build_model(test::small_spec("mlp"));
  Trainer t(resumed, test::small_train_config(2));
  t.load_checkpoint(ckpt);
  const TrainResult r2 = t.fit(train, Dataset{});
  EXPECT_FALSE(r2.interrupted);
  expect_same_parameters(full, resumed);
}

TEST(Training, NonFiniteLossStopsWithAClearMessage) {
  const Dataset train = testing_data::quadrant_blobs(64, 1);
  Model m = build_model(test::small_spec("mlp"));
  m.graph.value(m.graph.find("output.weight")).data.fill(std::numeric_limits<float>::quiet_NaN());
  Trainer t(m, test::small_train_config(1));
  test::expect_error([&] { t.fit(train, Dataset{}); }, {"epoch 1", "batch 1"});
}

}  // namespace
}  // namespace dendrite
