// RunSummary: its JSON form comes back as it was, and a summary that is not one is refused
// naming the field.
#include "framework/train/run_summary.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/common/expect_error.h"

namespace dendrite {
namespace {

RunSummary sample() {
  RunSummary s;
  s.model = "dann-r";
  s.params = 19146;
  s.model_facts = {{"dendrites", 16}, {"somata", 64}, {"layers", 1}, {"normalize", "none"}};
  s.dataset = "mnist";
  s.epochs_run = 2;
  s.batch = 128;
  s.seed = 3;
  s.optimizer = "adam";
  s.lr = 1e-3;
  s.impl = "sparse";
  s.lr_schedule.kind = "step";
  s.lr_schedule.step_size = 2;
  s.early_stopping = EarlyStoppingConfig{3, 0.01, true};
  s.stopped_early = true;
  s.best_epoch = 1;
  s.restored_best = true;
  s.train_loss = 0.5;
  s.train_accuracy = 0.8;
  s.val_loss = 0.4;
  s.val_accuracy = 0.85;
  s.test_loss = 0.45;
  s.test_accuracy = 0.84;
  s.best_val_loss_epoch = 1;
  s.best_val_loss = 0.4;
  s.seconds_per_epoch = 0.5;
  s.train_samples_per_second = 1e5;
  s.wall_seconds = 1.5;
  s.framework_version = "1.2.3";
  for (std::int64_t e = 1; e <= 2; ++e) s.history.push_back({e, 0.6, 0.7, 0.5, std::nullopt, 1e-3, 0.4});
  return s;
}

TEST(RunSummary, JsonRoundTrip) {
  const RunSummary s = sample();
  const nlohmann::json j = s.to_json();
  const RunSummary back = RunSummary::from_json(j);
  EXPECT_EQ(back.to_json(), j);
  EXPECT_EQ(back.model_facts, s.model_facts);
  EXPECT_EQ(back.history.size(), 2u);
  EXPECT_FALSE(back.history[0].val_accuracy.has_value());
  EXPECT_EQ(back.early_stopping->min_delta, 0.01);
  EXPECT_EQ(back.lr_schedule.step_size, 2);
  // summary.json's form: no history; the keys a summary always had.
  const nlohmann::json file = s.to_json(false);
  EXPECT_FALSE(file.contains("history"));
  for (const char* key : {"model", "params", "dendrites", "dataset", "epochs", "batch", "seed", "optimizer", "lr",
                          "impl", "test_accuracy", "test_loss", "val_loss", "val_accuracy", "best_val_loss_epoch",
                          "lr_schedule", "early_stopping", "stopped_early", "best_epoch", "restored_best",
                          "seconds_per_epoch", "train_samples_per_second", "framework_version"})
    EXPECT_TRUE(file.contains(key)) << key;
  EXPECT_EQ(RunSummary::from_json(file).to_json(false), file);
}

TEST(RunSummary, NonFiniteNumbersAreNull) {
  RunSummary s = sample();
  s.test_loss = std::nan("");
  s.val_loss = INFINITY;
  const nlohmann::json j = s.to_json();
  EXPECT_TRUE(j["test_loss"].is_null());
  EXPECT_TRUE(j["val_loss"].is_null());
  const RunSummary back = RunSummary::from_json(j);
  EXPECT_TRUE(std::isnan(back.test_loss));
  EXPECT_FALSE(back.val_loss.has_value());
}

TEST(RunSummary, RefusesWhatIsNotASummary) {
  nlohmann::json j = sample().to_json();
  j.erase("params");
  test::expect_error([&] { RunSummary::from_json(j); }, {"run summary:", "no field 'params'"});
  j = sample().to_json();
  j["epochs"] = "two";
  test::expect_error([&] { RunSummary::from_json(j); }, {"'epochs' must be an integer"});
  j = sample().to_json();
  j["history"] = 3;
  test::expect_error([&] { RunSummary::from_json(j); }, {"'history' must be an array"});
  test::expect_error([&] { RunSummary::from_json(nlohmann::json::array()); }, {"not a JSON object"});
}

}  // namespace
}  // namespace dendrite
