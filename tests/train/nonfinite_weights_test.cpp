// The trainer never replaces a good checkpoint with non-finite weights: when the last update of an
// epoch overflows the weights (while every loss the loop saw was finite), fit() stops with a
// message naming the epoch and batch instead of writing the epoch's checkpoint.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "framework/core/error.h"
#include "framework/model/variants.h"
#include "framework/train/trainer.h"
#include "tests/common/expect_error.h"
#include "tests/common/small_model.h"
#include "tests/common/synthetic_data.h"
#include "tests/common/temp_dir.h"

namespace dendrite {
namespace {

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(NonFiniteWeights, StopTrainingAndKeepTheLastGoodCheckpoint) {
  VariantOptions o = test::small_options();
  o.hidden = {8};
  const ModelSpec spec = variant_spec("mlp", o);
  const Dataset train = testing_data::quadrant_blobs(32, 1);  // one batch per epoch
  const test::TempDir dir;
  const std::string ckpt = dir.file("last-good.ckpt");

  TrainConfig config;
  config.batch = 32;
  config.quiet = true;
  config.checkpoint_path = ckpt;
  config.epochs = 1;
  Model good = build_model(spec);
  Trainer(good, config).fit(train, Dataset{});
  const std::string good_bytes = file_bytes(ckpt);
  ASSERT_FALSE(good_bytes.empty());

  // Epoch 2 has one batch: its loss is finite, its update (a step of 1e39 > FLT_MAX) is not.
  config.epochs = 2;
  config.optimizer.lr = 1e39;
  Model m = build_model(spec);
  Trainer t(m, config);
  t.load_checkpoint(ckpt);
  test::expect_error([&] { t.fit(train, Dataset{}); }, {"weights became non-finite", "at epoch 2, batch 1"});
  EXPECT_EQ(file_bytes(ckpt), good_bytes) << "the good checkpoint was replaced";
}

}  // namespace
}  // namespace dendrite
