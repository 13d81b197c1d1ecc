// End to end: train a small dANN, export it with its test accuracy, and check that the file
// (a) imports back into a model that evaluates identically and keeps training from where it was,
// (b) classifies the test set in ONNX Runtime (function bodies, no plugin) as the framework does.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <onnxruntime_cxx_api.h>

#include <algorithm>

#include "export/onnx_export.h"
#include "export/onnx_import.h"
#include "framework/model/variants.h"
#include "framework/train/trainer.h"
#include "tests/common/small_model.h"
#include "tests/common/synthetic_data.h"
#include "tests/export/export_test_util.h"

namespace dendrite {
namespace {

using namespace export_test;

ModelSpec small_dann() {
  VariantOptions o = test::small_options();
  o.synapses = 4;
  return variant_spec("dann-grf", o);
}

// Class predictions of ORT for every test sample.
std::vector<std::int32_t> ort_predictions(const std::string& path, const Dataset& data) {
  static Ort::Env env(ORT_LOGGING_LEVEL_WARNING, "dendrite-e2e");
  Ort::SessionOptions options;
  options.SetIntraOpNumThreads(1);
  Ort::Session session(env, path.c_str(), options);
  Ort::MemoryInfo cpu = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
  const std::vector<std::int64_t> shape = data.images.shape();
  Ort::Value x = Ort::Value::CreateTensor<float>(cpu, const_cast<float*>(data.images.f32()),
                                                 static_cast<std::size_t>(data.images.numel()), shape.data(), 2);
  const char* in[] = {"x"};
  const char* out[] = {"probabilities"};
  std::vector<Ort::Value> p = session.Run(Ort::RunOptions{nullptr}, in, &x, 1, out, 1);
  const float* probs = p[0].GetTensorData<float>();
  const std::int64_t classes = data.num_classes;
  std::vector<std::int32_t> pred;
  for (std::int64_t n = 0; n < data.size(); ++n)
    pred.push_back(static_cast<std::int32_t>(
        std::max_element(probs + n * classes, probs + (n + 1) * classes) - (probs + n * classes)));
  return pred;
}

TEST(OnnxTrainEndToEnd, ExportImportContinueAndRunInOrt) {
  const Dataset train = testing_data::quadrant_blobs(600, 1), test = testing_data::quadrant_blobs(200, 2);
  Model m = build_model(small_dann());
  Trainer trainer(m, test::small_train_config(3));
  trainer.fit(train, Dataset{});
  const EvalStats stats = trainer.evaluate(test);
  ASSERT_GT(stats.accuracy, 0.9);

  const std::string path = temp_file("trained-dann.onnx").string();
  const onnx::ModelProto proto = export_model(m, ExportInfo{train.name, stats.accuracy});
  check_onnx_model(proto);
  save_onnx(proto, path);

  Model back = import_onnx(path);
  EXPECT_EQ(find_metadata(read_onnx(path), "test_accuracy"), fmt::format("{}", stats.accuracy));
  Trainer again(back, test::small_train_config(1));
  const EvalStats back_stats = again.evaluate(test);
  EXPECT_EQ(back_stats.accuracy, stats.accuracy);
  EXPECT_EQ(back_stats.loss, stats.loss);
  // Training goes on from the imported weights (what `dendrite train --init` does).
  const TrainResult more = again.fit(train, Dataset{});
  EXPECT_LT(more.history.back().train.loss, 0.5);
  EXPECT_GE(again.evaluate(test).accuracy, stats.accuracy - 0.02);

  EXPECT_EQ(ort_predictions(path, test), trainer.predict(test));
}

}  // namespace
}  // namespace dendrite
