// ModelDescription: the named variants are the framework's, JSON round trips, layer factories,
// and bad descriptions fail with the layer and field named.
#include <gtest/gtest.h>

#include <stdexcept>

#include "dendrite/description.h"
#include "framework/model/variants.h"
#include "tests/common/expect_error.h"

namespace dendrite {
namespace {

TEST(ApiDescription, EveryVariantIsTheFrameworksVariant) {
  const std::vector<std::string> names = api::variant_names();
  EXPECT_EQ(names, variant_names());
  EXPECT_EQ(names.size(), 13u);  // the paper's 12 variants and the MLP
  api::VariantSize size;
  size.dendrites = 4;
  size.somata = 32;
  size.synapses = 8;
  size.layers = 2;
  size.hidden = {64, 32};
  VariantOptions o;
  o.dendrites = 4;
  o.somata = 32;
  o.synapses = 8;
  o.layers = 2;
  o.hidden = {64, 32};
  for (const std::string& name : names) {
    const api::ModelDescription d = api::ModelDescription::variant(name, size);
    EXPECT_EQ(nlohmann::json::parse(d.to_json()), to_json(variant_spec(name, o))) << name;
    EXPECT_EQ(d.name, name);
  }
}

TEST(ApiDescription, JsonRoundTripKeepsEveryField) {
  api::ModelDescription d;
  d.name = "two-stage";
  d.input = {8, 8, 1};
  d.classes = 4;
  d.seed = 7;
  api::Layer dend = api::Layer::dendritic(4, 8, 6, "lrf", "random");
  dend.dendrite_activation = "elu(0.5)";
  dend.soma_activation = "relu";
  dend.dropout = 0.25;
  d.layers = {dend, api::Layer::dense(16, "tanh")};
  const api::ModelDescription back = api::ModelDescription::from_json(d.to_json());
  EXPECT_EQ(back.to_json(), d.to_json());
  ASSERT_EQ(back.layers.size(), 2u);
  EXPECT_EQ(back.layers[0].type, "dendritic");
  EXPECT_EQ(back.layers[0].input_connectivity, "lrf");
  EXPECT_EQ(back.layers[0].soma_connectivity, "random");
  EXPECT_EQ(back.layers[0].dendrite_activation, "elu(0.5)");
  EXPECT_EQ(back.layers[0].dropout, 0.25);
  EXPECT_EQ(back.layers[1].units, 16);
  EXPECT_EQ(back.layers[1].activation, "tanh");
  EXPECT_EQ(back.seed, 7u);
  EXPECT_EQ(back.input, (std::vector<std::int64_t>{8, 8, 1}));
  EXPECT_NO_THROW(back.validate());
}

TEST(ApiDescription, BadDescriptionsNameTheProblem) {
  test::expect_error<std::runtime_error>([] { api::ModelDescription::variant("dann-xyz"); }, {"dann-xyz", "dann-grf"});
  api::ModelDescription d;
  d.layers = {api::Layer::dense(16, "swish")};
  test::expect_error<std::runtime_error>([&] { d.validate(); }, {"layer 0", "activation", "swish"});
  d.layers = {api::Layer::dendritic(4, 8, 6, "diagonal")};
  test::expect_error<std::runtime_error>([&] { d.validate(); }, {"diagonal"});
  d.layers = {api::Layer::dense(0)};
  test::expect_error<std::runtime_error>([&] { d.validate(); }, {"layer 0"});
  test::expect_error<std::runtime_error>([] { api::ModelDescription::from_json("{\"layers\": ["); }, {"not valid JSON"});
  test::expect_error<std::runtime_error>([] { api::ModelDescription::from_json("[1, 2]"); }, {"JSON object"});
}

}  // namespace
}  // namespace dendrite
