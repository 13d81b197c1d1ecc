// The Trainer with an lr schedule and early stopping: the lr each epoch ran with, the best epoch's
// weights restored at the end (the other set kept in the checkpoint), a finished run continued for
// more epochs equal to a longer run, and what it refuses (no validation split, a checkpoint from a
// run with or without early stopping given to a trainer of the other kind).
#include <gtest/gtest.h>

#include <filesystem>

#include "framework/model/model.h"
#include "framework/train/checkpoint.h"
#include "framework/train/trainer.h"
#include "tests/common/expect_error.h"
#include "tests/common/small_model.h"
#include "tests/common/synthetic_data.h"
#include "tests/common/temp_dir.h"

namespace dendrite {
namespace {

// The test-size MLP (one hidden layer of 16), enough to memorize noise.
ModelSpec noise_mlp() { return test::small_spec("mlp"); }

TrainConfig early_stopping_config(std::int64_t epochs, std::int64_t patience) {
  TrainConfig cfg = test::small_train_config(epochs);
  cfg.batch = 16;
  cfg.early_stopping = EarlyStoppingConfig{patience, 0.0, true};
  return cfg;
}

// Every tensor of the two checkpoints (model, optimizer, the second weight set) bit for bit.
void expect_same_checkpoints(const Checkpoint& a, const Checkpoint& b) {
  ASSERT_EQ(a.tensors.size(), b.tensors.size());
  for (const auto& [name, t] : a.tensors) {
    const Tensor* other = b.find(name);
    ASSERT_NE(other, nullptr) << name;
    EXPECT_TRUE(t.bitwise_equal(*other)) << name;
  }
  EXPECT_EQ(a.meta["training"]["early_stopping"], b.meta["training"]["early_stopping"]);
}

class TrainerProtocol : public ::testing::Test {
 protected:
  const Dataset train_ = testing_data::noise_samples(96, 1);
  const Dataset validation_ = testing_data::noise_samples(32, 2);
};

TEST_F(TrainerProtocol, EachEpochRunsWithTheScheduledLr) {
  Model m = build_model(noise_mlp());
  TrainConfig cfg = early_stopping_config(5, 100);
  cfg.lr_schedule.kind = "step";
  cfg.lr_schedule.step_size = 2;
  cfg.lr_schedule.gamma = 0.1;
  Trainer t(m, cfg);
  const TrainResult r = t.fit(train_, validation_);
  const double expected[] = {1e-2, 1e-2, 1e-3, 1e-3, 1e-4};  // from small_train_config's lr 1e-2
  ASSERT_EQ(r.history.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) EXPECT_DOUBLE_EQ(r.history[i].lr.value(), expected[i]) << i;
}

TEST_F(TrainerProtocol, TheRunEndsWithTheBestEpochsWeightsAndKeepsTheLastOnes) {
  Model m = build_model(noise_mlp());
  Trainer t(m, early_stopping_config(30, 3));
  const TrainResult r = t.fit(train_, validation_);
  ASSERT_TRUE(r.stopped_early);
  ASSERT_TRUE(r.restored_best);
  ASSERT_LT(r.best_epoch, static_cast<std::int64_t>(r.history.size()));
  const Checkpoint best = t.best_checkpoint(), state = t.training_checkpoint();
  EXPECT_EQ(best.meta["best"]["epoch"], r.best_epoch);
  for (ValueId p : m.graph.parameters()) {
    const Value& v = m.graph.value(p);
    EXPECT_TRUE(v.data.bitwise_equal(best.tensor(v.name))) << v.name;
    EXPECT_NE(state.find("last/" + v.name), nullptr) << v.name;
    EXPECT_EQ(state.find("best/" + v.name), nullptr) << v.name;
  }
  EXPECT_EQ(state.meta["training"]["restored_best"], true);
  // The validation loss of the restored weights is the best epoch's.
  EXPECT_EQ(t.evaluate(validation_).loss, r.history[static_cast<std::size_t>(r.best_epoch - 1)].validation->loss);
}

TEST_F(TrainerProtocol, AFinishedRunContinuedForMoreEpochsEqualsALongerRun) {
  test::TempDir dir;
  const std::string path = (dir.path() / "run.ckpt").string();
  // Patience 100: neither run stops; the first ends after 4 epochs with the best weights restored.
  Model first = build_model(noise_mlp());
  {
    TrainConfig cfg = early_stopping_config(4, 100);
    cfg.checkpoint_path = path;
    Trainer(first, cfg).fit(train_, validation_);
  }
  ASSERT_EQ(load_checkpoint(path).meta["training"]["restored_best"], true);
  Model continued = build_model(noise_mlp());
  Trainer more(continued, early_stopping_config(8, 100));
  more.load_checkpoint(path);
  const TrainResult r = more.fit(train_, validation_);
  Model longer = build_model(noise_mlp());
  Trainer whole(longer, early_stopping_config(8, 100));
  const TrainResult w = whole.fit(train_, validation_);
  ASSERT_EQ(r.history.size(), 8u);
  for (std::size_t i = 0; i < 8; ++i)
    EXPECT_EQ(r.history[i].validation->loss, w.history[i].validation->loss) << "epoch " << i + 1;
  EXPECT_EQ(r.best_epoch, w.best_epoch);
  expect_same_checkpoints(more.training_checkpoint(), whole.training_checkpoint());
}

TEST_F(TrainerProtocol, WhatNeedsTheValidationLossRefusesARunWithoutIt) {
  Model m = build_model(noise_mlp());
  const Dataset none = testing_data::noise_samples(0, 3);
  test::expect_error([&] { Trainer(m, early_stopping_config(2, 1)).fit(train_, none); },
                     {"early stopping watches the validation loss, and there is no validation split"});
  TrainConfig plateau = test::small_train_config(2);
  plateau.lr_schedule.kind = "plateau";
  test::expect_error([&] { Trainer(m, plateau).fit(train_, none); },
                     {"the lr schedule 'plateau' reads the validation loss"});
}

TEST_F(TrainerProtocol, CheckpointsKeepTheirRunsKindOfStopping) {
  test::TempDir dir;
  const std::string with = (dir.path() / "with.ckpt").string(), without = (dir.path() / "without.ckpt").string();
  Model m = build_model(noise_mlp());
  TrainConfig es = early_stopping_config(1, 3);
  es.checkpoint_path = with;
  Trainer(m, es).fit(train_, validation_);
  TrainConfig plain = test::small_train_config(1);
  plain.checkpoint_path = without;
  Trainer(m, plain).fit(train_, validation_);
  Model other = build_model(noise_mlp());
  test::expect_error([&] { Trainer(other, plain).load_checkpoint(with); },
                     {"checkpoint '" + with + "' comes from a run with early stopping"});
  test::expect_error([&] { Trainer(other, early_stopping_config(2, 3)).load_checkpoint(without); },
                     {"checkpoint '" + without + "' comes from a run without early stopping"});
}

}  // namespace
}  // namespace dendrite
