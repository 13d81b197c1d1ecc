// Model: training through the API is the framework's training (same weights as the Trainer with
// the same settings), the epoch callback sees and stops every epoch, save/load continues a run
// exactly, ONNX export and import keep the model, and misuse fails before any work.
#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

#include "dendrite/model.h"
#include "framework/data/validation_split.h"
#include "framework/train/model_io.h"
#include "tests/api/api_test_data.h"
#include "tests/common/expect_error.h"
#include "tests/common/small_model.h"
#include "tests/common/temp_dir.h"

namespace dendrite {
namespace {

api::ModelDescription small(const std::string& variant) {
  return api::ModelDescription::from_json(to_json(test::small_spec(variant)).dump());
}

// test::small_train_config's settings, through the API.
api::TrainingConfig small_config(std::int64_t epochs) {
  api::TrainingConfig c;
  c.epochs = epochs;
  c.batch = 32;
  c.seed = 5;
  c.learning_rate = 1e-2;
  c.validation = 0.2;
  return c;
}

TEST(ApiModel, TrainsLikeTheFrameworkTrainer) {
  const api::DataSet data = test::api_quadrant_blobs(800, 1);
  api::Model model(small("dann-grf"));
  const api::TrainingResult r = model.train(data, small_config(5));
  ASSERT_EQ(r.epochs.size(), 5u);
  EXPECT_FALSE(r.stopped);
  EXPECT_EQ(model.epochs_trained(), 5);
  EXPECT_GT(model.evaluate(test::api_quadrant_blobs(200, 2)).accuracy, 0.9);

  // The same run with the framework's own Trainer on the same split (stratified with the run's
  // seed, as the API and dendrite train split by default) ends with the same weights.
  Model reference = build_model(test::small_spec("dann-grf"));
  auto [fit, validation] =
      split_validation(testing_data::quadrant_blobs(800, 1), 0.2, ValidationSplit::stratified, /*seed=*/5);
  Trainer(reference, test::small_train_config(5)).fit(fit, validation);
  const test::TempDir dir;
  model.save(dir.file("api.ckpt"));
  const Model saved = load_model(dir.file("api.ckpt"));
  for (ValueId p : reference.graph.parameters()) {
    const Value& v = reference.graph.value(p);
    const Tensor* mine = nullptr;
    for (ValueId q : saved.graph.parameters())
      if (saved.graph.value(q).name == v.name) mine = &saved.graph.value(q).data;
    ASSERT_NE(mine, nullptr) << v.name;
    EXPECT_TRUE(mine->bitwise_equal(v.data)) << v.name;
  }
  EXPECT_EQ(r.epochs.back().validation.samples, 160);
}

TEST(ApiModel, CallbackSeesEveryEpochAndCanStop) {
  const api::DataSet data = test::api_quadrant_blobs(200, 1);
  api::Model model(small("mlp"));
  std::vector<std::int64_t> seen;
  const api::TrainingResult r = model.train(data, small_config(5), [&](const api::EpochReport& e) {
    seen.push_back(e.epoch);
    EXPECT_EQ(e.epochs, 5);
    EXPECT_GT(e.train.samples, 0);
    EXPECT_EQ(e.validation.samples, 40);
    return e.epoch < 2;
  });
  EXPECT_EQ(seen, (std::vector<std::int64_t>{1, 2}));
  EXPECT_TRUE(r.stopped);
  EXPECT_EQ(r.epochs.size(), 2u);
  EXPECT_EQ(model.epochs_trained(), 2);
  // Training again continues the run to its full length.
  const api::TrainingResult rest = model.train(data, small_config(5));
  ASSERT_EQ(rest.epochs.size(), 3u);
  EXPECT_EQ(rest.epochs.front().epoch, 3);
  EXPECT_EQ(model.epochs_trained(), 5);
}

TEST(ApiModel, SavedRunContinuesExactly) {
  const api::DataSet data = test::api_quadrant_blobs(300, 1), test_set = test::api_quadrant_blobs(100, 2);
  const test::TempDir dir;
  api::Model full(small("dann-lrf"));
  full.train(data, small_config(4));

  api::Model first(small("dann-lrf"));
  api::TrainingConfig two = small_config(2);
  two.checkpoint = dir.file("run.ckpt");
  first.train(data, two);
  api::Model resumed = api::Model::load(dir.file("run.ckpt"));
  EXPECT_EQ(resumed.epochs_trained(), 2);
  resumed.train(data, small_config(4));
  EXPECT_EQ(resumed.predict(test_set), full.predict(test_set));
  EXPECT_EQ(resumed.evaluate(test_set).loss, full.evaluate(test_set).loss);

  // Model::save after training holds the same state as the per-epoch checkpoint.
  first.save(dir.file("saved.ckpt"));
  api::Model again = api::Model::load(dir.file("saved.ckpt"));
  again.train(data, small_config(4));
  EXPECT_EQ(again.evaluate(test_set).loss, full.evaluate(test_set).loss);
}

TEST(ApiModel, OnnxExportAndImportKeepTheModel) {
  const api::DataSet data = test::api_quadrant_blobs(200, 1), test_set = test::api_quadrant_blobs(100, 2);
  api::Model model(small("dann-grf"));
  model.train(data, small_config(2));
  const test::TempDir dir;
  model.export_onnx(dir.file("m.onnx"));
  const api::Model back = api::Model::import_onnx(dir.file("m.onnx"));
  EXPECT_EQ(back.description().to_json(), model.description().to_json());
  EXPECT_EQ(back.parameter_count(), model.parameter_count());
  EXPECT_EQ(back.predict(test_set), model.predict(test_set));
  EXPECT_EQ(back.evaluate(test_set).loss, model.evaluate(test_set).loss);
  EXPECT_EQ(back.epochs_trained(), 0);
  EXPECT_NE(model.summary().find("layer0.dendrites"), std::string::npos);
}

TEST(ApiModel, MisuseFailsBeforeTraining) {
  const api::DataSet data = test::api_quadrant_blobs(100, 1);
  api::Model model(small("mlp"));
  bool called = false;
  const auto note = [&](const api::EpochReport&) { return called = true; };
  api::TrainingConfig c = small_config(1);
  c.checkpoint = "/nonexistent-folder/run.ckpt";
  test::expect_error<std::runtime_error>([&] { model.train(data, c, note); }, {"/nonexistent-folder", "does not exist"});
  const test::TempDir dir;
  c = small_config(1);
  c.log = dir.path().string();
  test::expect_error<std::runtime_error>([&] { model.train(data, c, note); }, {"is a folder, not a file"});
  c = small_config(1);
  c.optimizer = "lion";
  test::expect_error<std::runtime_error>([&] { model.train(data, c, note); }, {"lion"});
  c = small_config(0);
  test::expect_error<std::runtime_error>([&] { model.train(data, c, note); }, {"epochs must be positive"});
  const api::DataSet wide = api::DataSet::from_arrays(std::vector<float>(10 * 64, 0.5f), std::vector<std::int32_t>(10, 7),
                                                      {8, 8, 1}, 8);
  test::expect_error<std::runtime_error>([&] { model.train(wide, small_config(1), note); }, {"8 classes", "4 outputs"});
  const api::DataSet narrow = api::DataSet::from_arrays(std::vector<float>(10 * 16, 0.5f),
                                                        std::vector<std::int32_t>(10, 1), {4, 4, 1}, 4);
  test::expect_error<std::runtime_error>([&] { model.train(narrow, small_config(1), note); }, {"16 features", "64"});
  EXPECT_FALSE(called);
  EXPECT_EQ(model.epochs_trained(), 0);

  model.train(data, small_config(1));
  api::TrainingConfig other_batch = small_config(2);
  other_batch.batch = 16;
  test::expect_error<std::runtime_error>([&] { model.train(data, other_batch); }, {"batch 32"});
  test::expect_error<std::runtime_error>([] { api::Model::load("/nonexistent.ckpt"); }, {"/nonexistent.ckpt"});
  test::expect_error<std::runtime_error>([] { api::Model::import_onnx("/nonexistent.onnx"); }, {"/nonexistent.onnx"});
}

}  // namespace
}  // namespace dendrite
