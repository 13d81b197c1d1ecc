// Cost estimates: the weight counts match the models build_model makes, and the estimate grows
// with what makes a run longer.
#include <gtest/gtest.h>

#include "framework/model/model.h"
#include "framework/model/variants.h"
#include "framework/sweep/cost.h"

namespace dendrite {
namespace {

ModelSpec small(const std::string& name, std::int64_t d = 4, std::int64_t s = 8) {
  VariantOptions o;
  o.input = {8, 8, 1};
  o.classes = 4;
  o.dendrites = d;
  o.somata = s;
  o.synapses = 6;
  o.hidden = {32, 16};
  return variant_spec(name, o);
}

// Every variant whose connectivity has a fixed count per dendrite (random connectivity has k on
// average, so its count may differ slightly).
TEST(Cost, WeightCountsEqualTheBuiltModelsParameters) {
  for (const std::string& name : variant_names()) {
    const ModelSpec spec = small(name);
    const WeightCounts w = count_weights(spec);
    const std::int64_t built = build_model(spec).parameter_count();
    const bool random = spec.name != "mlp" && spec.layers[0].input_connectivity == "random";
    if (random) EXPECT_NEAR(static_cast<double>(w.parameters()), static_cast<double>(built), 0.1 * built) << name;
    else EXPECT_EQ(w.parameters(), built) << name;
  }
}

TEST(Cost, DenseAndSparseWeightsAreTold) {
  const WeightCounts vann = count_weights(small("vann"));
  EXPECT_EQ(vann.sparse, 0);
  EXPECT_EQ(vann.dense, 64 * 32 + 32 * 8 + 8 * 4);
  const WeightCounts grf = count_weights(small("dann-grf"));
  EXPECT_EQ(grf.sparse, 32 * 6 + 32);
  EXPECT_EQ(grf.dense, 8 * 4);
}

TEST(Cost, GrowsWithEpochsSamplesAndSize) {
  const RunCostInputs base{10, 1000, 100, 200};
  const double c = estimate_run_seconds(small("dann-r"), base);
  EXPECT_GT(c, 0);
  const double fixed = estimate_run_seconds(small("dann-r"), {0, 0, 0, 0});
  EXPECT_GT(fixed, 0);  // building the model and splitting the data
  EXPECT_NEAR(estimate_run_seconds(small("dann-r"), {20, 1000, 100, 400}) - fixed, 2 * (c - fixed), 1e-9 * c);
  EXPECT_GT(estimate_run_seconds(small("dann-r", 16, 64), base), c);
  EXPECT_GT(estimate_run_seconds(small("vann", 16, 64), base), estimate_run_seconds(small("dann-r", 16, 64), base));
}

}  // namespace
}  // namespace dendrite
