// The training run shared by `dendrite train` and the sweep: data preparation (noise from the
// seed on train and test alike, before the validation split; copies of shared data), a whole run
// from loaded data sets, and the stop flag before the first batch.
#include <gtest/gtest.h>

#include <atomic>

#include "framework/train/training_run.h"
#include "tests/common/small_model.h"
#include "tests/common/synthetic_data.h"

namespace dendrite {
namespace {

using testing_data::quadrant_blobs;
using test::small_spec;

TrainConfig quiet_config() {
  TrainConfig cfg;
  cfg.epochs = 2;
  cfg.batch = 16;
  cfg.seed = 4;
  cfg.quiet = true;
  return cfg;
}

TEST(PrepareRunData, NoiseFromTheSeedOnTrainAndTestThenTheSplit) {
  const Dataset train = quadrant_blobs(50, 1), test = quadrant_blobs(20, 2);
  const Dataset train_before{train.images.clone(), train.labels.clone(), train.sample_shape, train.num_classes, "", "", ""};
  const RunData d = prepare_run_data(train, test, {0.2, ValidationSplit::stratified, 0.3, false}, 9);
  // The loaded data sets are shared, so they are left as they were.
  EXPECT_TRUE(train.images.bitwise_equal(train_before.images));
  // The same noise by hand: one stream, the whole training set first, then the test set.
  Dataset noisy_train{train.images.clone(), train.labels.clone(), train.sample_shape, train.num_classes, "t", "", ""};
  Dataset noisy_test{test.images.clone(), test.labels.clone(), test.sample_shape, test.num_classes, "t", "", ""};
  Rng noise(9 ^ kNoiseStream);
  add_input_noise(noisy_train, 0.3, noise);
  add_input_noise(noisy_test, 0.3, noise);
  ASSERT_EQ(d.train.size(), 40);
  ASSERT_EQ(d.validation.size(), 10);
  EXPECT_TRUE(d.test.images.bitwise_equal(noisy_test.images));
  const auto [fit, val] = split_validation(Dataset(noisy_train), 0.2, ValidationSplit::stratified, 9);
  EXPECT_TRUE(d.train.images.bitwise_equal(fit.images));
  EXPECT_TRUE(d.validation.images.bitwise_equal(val.images));
}

TEST(PrepareRunData, AMovedDataSetKeepsItsStorageAndSequentialSortsByClass) {
  Dataset train = quadrant_blobs(40, 1);
  const float* storage = train.images.f32();
  const RunData d = prepare_run_data(std::move(train), quadrant_blobs(8, 2), {0.25, ValidationSplit::stratified, 0.0, true}, 1);
  EXPECT_EQ(d.train.images.f32(), storage) << "no copy of the training images";
  for (std::int64_t i = 1; i < d.train.size(); ++i) EXPECT_LE(d.train.labels.i32()[i - 1], d.train.labels.i32()[i]);
}

TEST(RunTraining, AWholeRunFromLoadedDataIsRepeatable) {
  const Dataset train = quadrant_blobs(160, 1), test = quadrant_blobs(40, 2);
  const Tensor images_before = train.images.clone();
  RunOptions o;
  o.dataset = "quadrants";
  o.data = {0.1, ValidationSplit::stratified, 0.05, false};
  ModelSpec spec = small_spec("dann-r");
  spec.input = {1, 1, 1};  // adapt_to_data sets the data's geometry
  const RunOutcome a = run_training(train, test, spec, o, quiet_config());
  const RunOutcome b = run_training(train, test, spec, o, quiet_config());
  ASSERT_TRUE(a.completed());
  EXPECT_TRUE(train.images.bitwise_equal(images_before)) << "the shared data are not changed by a run";
  EXPECT_EQ(a.model.spec.input, (std::vector<std::int64_t>{8, 8, 1}));
  EXPECT_EQ(a.result.history.size(), 2u);
  EXPECT_EQ(a.test.samples, 40);
  EXPECT_EQ(a.summary.test_loss, a.test.loss);
  EXPECT_EQ(b.summary.test_loss, a.test.loss) << "same options, same bits";
  EXPECT_EQ(a.summary.dataset, "quadrants");
  EXPECT_EQ(a.summary.epochs_run, 2);
  EXPECT_EQ(a.summary.batch, 16);
  EXPECT_EQ(a.summary.seed, 4u);
  EXPECT_EQ(a.summary.impl, "sparse");
  EXPECT_EQ(a.summary.model, "dann-r");
  EXPECT_EQ(a.summary.val_loss, a.result.history.back().validation->loss);
  EXPECT_EQ(a.summary.train_loss, a.result.history.back().train.loss);
  ASSERT_EQ(a.summary.history.size(), 2u);
  EXPECT_EQ(a.summary.history[1].val_loss, a.result.history.back().validation->loss);
  // summary.json: the same numbers under the keys it always had.
  const nlohmann::json file = a.summary.to_json(false);
  EXPECT_EQ(file["test_loss"].get<double>(), a.test.loss);
  EXPECT_EQ(file["epochs"], 2);
  EXPECT_EQ(file["params"], a.model.parameter_count());
  EXPECT_EQ(file["dendrites"], a.model.spec.layers.front().dendrites);
  EXPECT_FALSE(file.contains("history"));
  EXPECT_GT(a.test.accuracy, 0.5) << "the task is easy";

  // The masked implementation of the same run: the same model and losses up to rounding.
  o.impl = SparseImpl::masked;
  const RunOutcome m = run_training(train, test, spec, o, quiet_config());
  EXPECT_EQ(m.summary.impl, "masked");
  EXPECT_NEAR(m.test.loss, a.test.loss, 1e-4);
}

TEST(RunTraining, AStopBeforeTheFirstBatchTrainsNothing) {
  const Dataset train = quadrant_blobs(64, 1), test = quadrant_blobs(16, 2);
  std::atomic<bool> stop{true};
  TrainConfig cfg = quiet_config();
  cfg.stop = &stop;
  const RunOutcome r = run_training(train, test, small_spec("mlp"), RunOptions{}, cfg);
  EXPECT_FALSE(r.started);
  EXPECT_FALSE(r.completed());
  EXPECT_TRUE(r.result.history.empty());
  EXPECT_TRUE(r.summary.model.empty());
}

TEST(RunTraining, TheRunRecordHoldsTheOptionsThatShapeIt) {
  RunOptions o;
  o.dataset = "mnist";
  o.data = {0.2, ValidationSplit::last, 0.5, true};
  TrainConfig cfg = quiet_config();
  const nlohmann::json j = run_info_json(o, cfg);
  EXPECT_EQ(j["dataset"], "mnist");
  EXPECT_EQ(j["validation"], 0.2);
  EXPECT_EQ(j["validation_split"], "last");
  EXPECT_EQ(j["input_noise"], 0.5);
  EXPECT_EQ(j["sequential"], true);
  EXPECT_EQ(j["seed"], 4);
  EXPECT_EQ(j["optimizer"], "adam");
  EXPECT_EQ(RunConfig::from_json(j).to_json(), j) << "a RunConfig";
}

}  // namespace
}  // namespace dendrite
