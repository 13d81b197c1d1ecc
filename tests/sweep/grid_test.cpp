// Grids: the product of the axes, fixed values, extra configurations, the named grids.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "framework/core/error.h"
#include "framework/sweep/grid.h"
#include "tests/common/expect_error.h"

namespace dendrite {
namespace {

using nlohmann::json;

TEST(Grid, ProductFirstAxisOutermostWithFixedValues) {
  Grid g;
  g.set_fixed("epochs", 2);
  g.set_axis("model", {"dann-r", "vann"});
  g.set_axis("dendrites", {1, 4, 16});
  ASSERT_EQ(g.size(), 6);
  const std::vector<json> c = g.expand();
  ASSERT_EQ(c.size(), 6u);
  EXPECT_EQ(c[0], (json{{"model", "dann-r"}, {"dendrites", 1}, {"epochs", 2}}));
  EXPECT_EQ(c[1], (json{{"model", "dann-r"}, {"dendrites", 4}, {"epochs", 2}}));
  EXPECT_EQ(c[3], (json{{"model", "vann"}, {"dendrites", 1}, {"epochs", 2}}));
  EXPECT_EQ(c[5], (json{{"model", "vann"}, {"dendrites", 16}, {"epochs", 2}}));
}

TEST(Grid, ExtraConfigurationsTakeTheFixedValuesTheyDoNotSet) {
  Grid g;
  g.set_fixed("epochs", 2);
  g.set_fixed("seed", 1);
  g.extra.push_back({{"model", "mlp"}, {"seed", 7}});
  // With extras and no axis there is no product: only the extra configuration.
  ASSERT_EQ(g.size(), 1);
  EXPECT_EQ(g.expand(), std::vector<json>{(json{{"model", "mlp"}, {"seed", 7}, {"epochs", 2}})});
}

TEST(Grid, ExtraConfigurationsRunOverTheAxesTheyDoNotSet) {
  Grid g;
  g.set_fixed("epochs", 2);
  g.set_axis("model", {"dann-r", "dann-grf"});
  g.set_axis("seed", {1, 2, 3});
  g.extra.push_back({{"model", "vann"}, {"dendrites", 4}});            // over the seeds
  g.extra.push_back({{"model", "mlp"}, {"seed", 9}});                  // sets both axes: once
  ASSERT_EQ(g.size(), 6 + 3 + 1);
  const std::vector<json> c = g.expand();
  ASSERT_EQ(c.size(), 10u);
  EXPECT_EQ(c[6], (json{{"model", "vann"}, {"dendrites", 4}, {"seed", 1}, {"epochs", 2}}));
  EXPECT_EQ(c[8], (json{{"model", "vann"}, {"dendrites", 4}, {"seed", 3}, {"epochs", 2}}));
  EXPECT_EQ(c[9], (json{{"model", "mlp"}, {"seed", 9}, {"epochs", 2}}));
  g.set_fixed("seed", 5);  // one seed: the extras take it too
  EXPECT_EQ(g.size(), 2 + 1 + 1);
  EXPECT_EQ(g.expand()[2]["seed"], 5);
}

TEST(Grid, AnOptionIsEitherFixedOrAnAxis) {
  Grid g;
  g.set_axis("seed", {1, 2, 3});
  g.set_axis("dendrites", {1, 2});
  g.set_fixed("seed", 9);
  EXPECT_EQ(g.axis("seed"), nullptr);
  EXPECT_EQ(g.size(), 2);
  g.set_axis("dendrites", {4});  // replaces, keeps its place
  g.set_axis("seed", {5, 6});
  EXPECT_FALSE(g.fixed.contains("seed"));
  ASSERT_EQ(g.axes.size(), 2u);
  EXPECT_EQ(g.axes[0].option, "dendrites");
  EXPECT_EQ(g.expand(), (std::vector<json>{{{"dendrites", 4}, {"seed", 5}}, {{"dendrites", 4}, {"seed", 6}}}));
}

TEST(Grid, MergeReplacesAxesAndAppendsExtras) {
  Grid base = reduced_grid("mnist");
  Grid over;
  over.set_axis("seed", {1});
  over.set_fixed("epochs", 1);
  over.extra.push_back({{"model", "mlp"}});
  const std::size_t extras = base.extra.size();
  base.merge(over);
  EXPECT_EQ(base.axis("seed")->values, std::vector<json>{1});
  EXPECT_EQ(base.fixed["epochs"], 1);
  EXPECT_EQ(base.extra.size(), extras + 1);
}

TEST(Grid, EmptyGridIsOneConfigurationOfDefaults) {
  EXPECT_EQ(Grid().expand(), std::vector<json>{json::object()});
}

TEST(Grid, RefusesAbsurdSizes) {
  Grid g;
  std::vector<json> many;
  for (int i = 0; i < 1000; ++i) many.emplace_back(i);
  g.set_axis("seed", many);
  g.set_axis("dendrites", many);
  g.set_axis("somata", many);
  EXPECT_EQ(g.size(), 1'000'000'000);
  test::expect_error([&] { g.expand(); }, {"the grid has 1000000000 configurations, more than the 1000000 a sweep takes"});
}

TEST(Grid, PaperGridIsTheAuthors) {
  const Grid g = paper_grid("fashion-mnist");
  EXPECT_EQ(g.size(), 12 * 7 * 5 * 5);  // 2,100 runs
  const std::vector<json> c = g.expand();
  std::set<std::string> models;
  for (const json& j : c) models.insert(j["model"].get<std::string>());
  EXPECT_EQ(models.size(), 12u);
  EXPECT_EQ(models.count("mlp"), 0u);
  EXPECT_EQ(c[0]["epochs"], 25);
  EXPECT_EQ(c[0]["synapses"], 16);
  EXPECT_EQ(c[0]["lr"], 1e-3);
  EXPECT_EQ(c[0]["batch"], 128);
  EXPECT_EQ(c[0]["validation"], 0.1);
  EXPECT_EQ(c[0]["dendrite_activation"], "leaky_relu(0.1)");
  EXPECT_EQ(g.axis("dendrites")->values, (std::vector<json>{1, 2, 4, 8, 16, 32, 64}));
  EXPECT_EQ(g.axis("somata")->values, (std::vector<json>{32, 64, 128, 256, 512}));
}

TEST(Grid, PaperEpochsPerDataSet) {
  EXPECT_EQ(paper_epochs("mnist"), 15);
  EXPECT_EQ(paper_epochs("fashion-mnist"), 25);
  EXPECT_EQ(paper_epochs("kmnist"), 25);
  EXPECT_EQ(paper_epochs("emnist-balanced"), 50);
  EXPECT_EQ(paper_epochs("cifar10"), 50);
  EXPECT_EQ(paper_epochs("idx"), 0);
  EXPECT_FALSE(paper_grid("idx").fixed.contains("epochs"));
}

TEST(Grid, ReducedGridHasEveryDannVariantAndTheVann) {
  const Grid g = reduced_grid("mnist");
  const std::vector<json> c = g.expand();
  ASSERT_EQ(c.size(), 132u);
  std::map<std::string, std::set<std::int64_t>> sizes;
  std::map<std::string, std::set<std::int64_t>> seeds;
  for (const json& j : c) {
    const std::string m = j["model"];
    sizes[m].insert(j["dendrites"].get<std::int64_t>() * 1000 + j["somata"].get<std::int64_t>());
    seeds[m].insert(j["seed"].get<std::int64_t>());
    EXPECT_EQ(j["epochs"], 15);
    EXPECT_EQ(j["synapses"], 16);
  }
  ASSERT_EQ(sizes.size(), 4u);
  for (const char* m : {"dann-r", "dann-lrf", "dann-grf"}) EXPECT_EQ(sizes[m].size(), 12u) << m;
  EXPECT_EQ(sizes["vann"].size(), 8u);
  EXPECT_EQ(sizes["vann"].count(16512), 0u);
  for (const auto& [m, s] : seeds) EXPECT_EQ(s, (std::set<std::int64_t>{1, 2, 3})) << m;
  test::expect_error([&] { preset_grid("huge", "mnist"); }, {"unknown grid 'huge' (known: paper, reduced)"});
}

}  // namespace
}  // namespace dendrite
