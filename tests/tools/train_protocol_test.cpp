// The training protocol through the real tool: early stopping on an overfitting run (Keras' rule
// recomputed from the log; the test metrics, the last checkpoint and the exported ONNX file hold
// the best epoch's weights; inspect shows the state), --no-restore-best, the lr of every epoch against hand-computed
// sequences, null validation metrics without a validation split, and --normalize from the
// command line to the checkpoint and the ONNX file.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "export/onnx_import.h"
#include "framework/data/data_source.h"
#include "framework/data/validation_split.h"
#include "framework/model/input_normalization.h"
#include "framework/train/checkpoint.h"
#include "framework/train/model_io.h"
#include "framework/train/trainer.h"
#include "tests/common/synthetic_data.h"
#include "tests/common/tool_runner.h"

namespace dendrite {
namespace {

namespace fs = std::filesystem;

nlohmann::json read_json(const fs::path& p) {
  std::ifstream in(p);
  return nlohmann::json::parse(in);
}

std::vector<nlohmann::json> read_log(const fs::path& p) {
  std::ifstream in(p);
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

// The parameters of `a` equal those of `b` bit for bit (by name); `what` names the comparison.
void expect_same_parameters(const Model& a, const Model& b, const std::string& what) {
  const std::vector<ValueId> ps = a.graph.parameters();
  ASSERT_FALSE(ps.empty());
  for (ValueId p : ps) {
    const Value& v = a.graph.value(p);
    const ValueId other = b.graph.find(v.name);
    ASSERT_NE(other, kNoValue) << v.name;
    EXPECT_TRUE(v.data.bitwise_equal(b.graph.value(other).data)) << what << ": " << v.name;
  }
}

class TrainProtocol : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = testing_data::make_quadrant_data_dir(400, 100);
    dir_ = data_->path();
    testing_data::write_idx_dataset(dir_.string(), "noise-train", testing_data::noise_samples(160, 3));
    testing_data::write_idx_dataset(dir_.string(), "noise-test", testing_data::noise_samples(40, 4));
  }
  static void TearDownTestSuite() { data_.reset(); }
  static test::CommandResult train(const std::string& args) {
    return test::run_command(test::dendrite_tool() + " train" + args + " --threads 1 --no-progress");
  }
  // A run that memorizes noise: the validation loss rises after the first epochs.
  static std::string overfitting(const fs::path& out) {
    return testing_data::quadrant_data_args(dir_, "noise-") +
           " --model mlp --hidden 128 --epochs 40 --batch 16 --lr 0.01 --validation 0.25 --out " + out.string();
  }
  static inline std::unique_ptr<test::TempDir> data_;
  static inline fs::path dir_;
};

TEST_F(TrainProtocol, AnOverfittingRunStopsEarlyAndEndsWithTheBestEpochsWeights) {
  const fs::path out = dir_ / "overfit";
  const auto r = train(overfitting(out) + " --early-stop 3 --export " + (out / "model.onnx").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json summary = read_json(out / "summary.json");
  const std::vector<nlohmann::json> log = read_log(out / "log.jsonl");

  // Keras' rule by hand on the logged validation losses: where it stops, which epoch is best.
  std::int64_t best = 0, bad = 0, stop = 0;
  double best_loss = INFINITY;
  for (const nlohmann::json& e : log) {
    const double loss = e["val_loss"].get<double>();
    const std::int64_t epoch = e["epoch"].get<std::int64_t>();
    if (loss < best_loss) {
      best = epoch, best_loss = loss, bad = 0;
      continue;
    }
    if (++bad >= 3 && epoch > 1) {
      stop = epoch;
      break;
    }
  }
  ASSERT_GT(stop, 0) << "the run did not overfit:\n" << r.output;
  EXPECT_EQ(stop, static_cast<std::int64_t>(log.size())) << "the log ends where the rule stops";
  EXPECT_LT(stop, 40);
  EXPECT_EQ(summary["stopped_early"], true);
  EXPECT_EQ(summary["epochs"], stop);
  EXPECT_EQ(summary["best_epoch"], best);
  EXPECT_EQ(summary["restored_best"], true);
  EXPECT_EQ(summary["val_loss"].get<double>(), best_loss);
  EXPECT_NE(r.output.find("early stopping after epoch " + std::to_string(stop)), std::string::npos) << r.output;

  // best.ckpt, the last checkpoint's model and the exported file hold the same weights.
  const Checkpoint best_ckpt = load_checkpoint((out / "best.ckpt").string());
  EXPECT_EQ(best_ckpt.meta["best"]["epoch"], best);
  const Model best_model = model_from_checkpoint(best_ckpt, "best.ckpt");
  expect_same_parameters(best_model, load_model((out / "checkpoint.ckpt").string()), "checkpoint.ckpt");
  expect_same_parameters(best_model, import_onnx((out / "model.onnx").string()), "model.onnx");
  // The last epoch's weights stay in the checkpoint, and they are not the best ones.
  const Checkpoint last = load_checkpoint((out / "checkpoint.ckpt").string());
  bool differs = false;
  for (ValueId p : best_model.graph.parameters()) {
    const Value& v = best_model.graph.value(p);
    differs = differs || !v.data.bitwise_equal(last.tensor("last/" + v.name));
  }
  EXPECT_TRUE(differs) << "the last epoch's weights equal the best epoch's";

  // dendrite inspect shows the state: the schedule, early stopping, and what best.ckpt is.
  const auto inspect = [](const fs::path& file) {
    return test::run_command(test::dendrite_tool() + " inspect " + file.string()).output;
  };
  const std::string state = inspect(out / "checkpoint.ckpt");
  for (const std::string& line :
       {std::string("lr schedule: constant (warmup_epochs 0)\n"),
        "early stopping: min_delta 0.0, patience 3, restore_best true; best epoch " + std::to_string(best) + " (val loss ",
        std::string(", 3 epochs without improvement, stopped early, best weights restored (the checkpoint's model)\n")})
    EXPECT_NE(state.find(line), std::string::npos) << line << "\n" << state;
  EXPECT_NE(inspect(out / "best.ckpt").find("training: the model of the best epoch (" + std::to_string(best) +
                                            ", val loss "), std::string::npos);

  // The test metrics are those of the best weights (evaluated as the run does: batches of 16).
  DataSource src;
  src.train_images = (dir_ / "noise-train-images").string();
  src.train_labels = (dir_ / "noise-train-labels").string();
  src.test_images = (dir_ / "noise-test-images").string();
  src.test_labels = (dir_ / "noise-test-labels").string();
  const TrainTest data = load_data(src);
  Model m = model_from_checkpoint(best_ckpt, "best.ckpt");
  TrainConfig cfg;
  cfg.batch = 16;
  const EvalStats test = Trainer(m, cfg).evaluate(data.test);
  EXPECT_EQ(summary["test_loss"].get<double>(), test.loss);
  EXPECT_EQ(summary["test_accuracy"].get<double>(), test.accuracy);
}

TEST_F(TrainProtocol, WithoutRestoreBestTheRunEndsWithTheLastWeights) {
  const fs::path out = dir_ / "overfit-last";
  const auto r = train(overfitting(out) + " --early-stop 2 --no-restore-best");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json summary = read_json(out / "summary.json");
  const std::vector<nlohmann::json> log = read_log(out / "log.jsonl");
  EXPECT_EQ(summary["stopped_early"], true);
  EXPECT_EQ(summary["restored_best"], false);
  EXPECT_LT(summary["best_epoch"].get<std::int64_t>(), summary["epochs"].get<std::int64_t>());
  EXPECT_EQ(summary["val_loss"], log.back()["val_loss"]);
  // The checkpoint's model is the last epoch's; best.ckpt holds the best epoch's.
  const Checkpoint last = load_checkpoint((out / "checkpoint.ckpt").string());
  const Model best_model = load_model((out / "best.ckpt").string());
  for (ValueId p : best_model.graph.parameters()) {
    const Value& v = best_model.graph.value(p);
    EXPECT_TRUE(v.data.bitwise_equal(last.tensor("best/" + v.name))) << v.name;
  }
}

TEST_F(TrainProtocol, TheLrOfEveryEpochIsTheHandComputedOne) {
  const auto lrs = [](const fs::path& out) {
    std::vector<double> out_lrs;
    for (const nlohmann::json& e : read_log(out / "log.jsonl")) out_lrs.push_back(e["lr"].get<double>());
    return out_lrs;
  };
  const std::string data = testing_data::quadrant_data_args(dir_) + " --model mlp --hidden 8 --batch 64";
  // Two warmup epochs (0.1 * 1/2, 0.1 * 2/2), then StepLR(step_size 2, gamma 0.5) from its epoch 0.
  fs::path out = dir_ / "lr-step";
  auto r = train(data + " --lr 0.1 --epochs 7 --lr-schedule step --warmup-epochs 2 --lr-step-size 2 --lr-gamma 0.5 --out " +
                 out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::vector<double> step = {0.05, 0.1, 0.1, 0.1, 0.05, 0.05, 0.025};
  ASSERT_EQ(lrs(out).size(), step.size());
  for (std::size_t i = 0; i < step.size(); ++i) EXPECT_DOUBLE_EQ(lrs(out)[i], step[i]) << "epoch " << i + 1;
  // One warmup epoch, then CosineAnnealingLR(T_max 4, eta_min 0.01): 0.01 + 0.09 (1 + cos(pi t / 4)) / 2.
  out = dir_ / "lr-cosine";
  r = train(data + " --lr 0.1 --epochs 5 --lr-schedule cosine --warmup-epochs 1 --lr-min 0.01 --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::vector<double> cosine = {0.1, 0.1, 0.0868198051533946, 0.055, 0.0231801948466054};
  ASSERT_EQ(lrs(out).size(), cosine.size());
  for (std::size_t i = 0; i < cosine.size(); ++i) EXPECT_NEAR(lrs(out)[i], cosine[i], 1e-15) << "epoch " << i + 1;
  // ReduceLROnPlateau(factor 0.5, patience 0): halved after every epoch whose validation loss is
  // not below best * (1 - 1e-4). The file's last samples as the validation set: a run whose
  // validation loss overshoots at lr 0.5 (the stratified split's does not).
  out = dir_ / "lr-plateau";
  r = train(data + " --epochs 8 --lr 0.5 --lr-schedule plateau --lr-factor 0.5 --lr-patience 0 "
            "--validation-split last --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  double lr = 0.5, best = INFINITY;
  int reductions = 0;
  for (const nlohmann::json& e : read_log(out / "log.jsonl")) {
    EXPECT_EQ(e["lr"].get<double>(), lr) << e.dump();
    const double loss = e["val_loss"].get<double>();
    if (loss < best * (1 - 1e-4)) {
      best = loss;
    } else {
      lr *= 0.5;
      ++reductions;
    }
  }
  EXPECT_GT(reductions, 0) << "lr 0.5 should overshoot at least once";
}

TEST_F(TrainProtocol, WithoutAValidationSplitValidationMetricsAreNull) {
  const fs::path out = dir_ / "no-validation";
  const auto r = train(testing_data::quadrant_data_args(dir_) + " --model mlp --hidden 8 --epochs 2 --validation 0 --out " +
                       out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const nlohmann::json& e : read_log(out / "log.jsonl")) {
    EXPECT_TRUE(e.contains("val_loss") && e["val_loss"].is_null()) << e.dump();
    EXPECT_TRUE(e.contains("val_accuracy") && e["val_accuracy"].is_null()) << e.dump();
    EXPECT_TRUE(e["train_loss"].is_number()) << e.dump();
  }
  const nlohmann::json summary = read_json(out / "summary.json");
  for (const char* key : {"val_loss", "val_accuracy", "best_val_loss_epoch", "best_epoch"})
    EXPECT_TRUE(summary.contains(key) && summary[key].is_null()) << key << ": " << summary.dump();
  EXPECT_EQ(summary["stopped_early"], false);
  EXPECT_NE(r.output.find("val loss - acc -"), std::string::npos) << r.output;
}

TEST_F(TrainProtocol, NormalizeFromTheCommandLineReachesTheCheckpointAndTheExport) {
  const fs::path out = dir_ / "normalize";
  const auto r = train(testing_data::quadrant_data_args(dir_) + " --model dann-r --dendrites 2 --somata 8 --synapses 4"
                       " --epochs 1 --normalize feature --out " + out.string() + " --export " +
                       (out / "model.onnx").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(read_json(out / "summary.json")["normalize"], "feature");
  // The statistics of the training split (90 % of the training file, stratified with the seed 1).
  DataSource src;
  src.train_images = (dir_ / "train-images").string();
  src.train_labels = (dir_ / "train-labels").string();
  src.test_images = (dir_ / "test-images").string();
  src.test_labels = (dir_ / "test-labels").string();
  const Dataset fit = split_validation(load_data(src).train, 0.1, ValidationSplit::stratified, 1).first;
  const InputStatistics expected = input_statistics(fit.images, "feature");
  const Model saved = load_model((out / "checkpoint.ckpt").string());
  const Model exported = import_onnx((out / "model.onnx").string());
  for (const Model* m : {&saved, &exported}) {
    EXPECT_EQ(m->spec.normalize, "feature");
    EXPECT_TRUE(m->graph.value(m->graph.find(kInputMeanName)).data.bitwise_equal(expected.mean));
    EXPECT_TRUE(m->graph.value(m->graph.find(kInputStdName)).data.bitwise_equal(expected.std));
  }
  // The input stage is part of the model: a resumed run takes it from the checkpoint.
  const auto resumed = train(" --resume " + (out / "checkpoint.ckpt").string() + " --normalize global");
  EXPECT_EQ(resumed.exit_code, 2) << resumed.output;
  EXPECT_NE(resumed.output.find("--resume takes the model from the checkpoint"), std::string::npos) << resumed.output;
}

}  // namespace
}  // namespace dendrite
