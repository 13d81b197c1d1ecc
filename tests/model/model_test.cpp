// build_model and the variants: parameter counts follow the spec's formulas (and its known
// counts), every variant builds at depth 1 and 2, JSON model descriptions round-trip, and
// impossible models are refused with errors naming the problem.
#include <gtest/gtest.h>

#include <fstream>

#include "framework/core/error.h"
#include "framework/model/model.h"
#include "framework/model/variants.h"
#include "tests/common/expect_error.h"
#include "tests/common/temp_dir.h"

namespace dendrite {
namespace {

using test::expect_error;

std::int64_t params_of(const std::string& variant, std::int64_t D, std::int64_t S, std::int64_t k = 16) {
  VariantOptions o;
  o.dendrites = D;
  o.somata = S;
  o.synapses = k;
  return build_model(variant_spec(variant, o)).parameter_count();
}

TEST(ModelParameters, KnownCountsFromTheSpec) {
  EXPECT_EQ(params_of("dann-r", 1, 128), 3722);
  EXPECT_EQ(params_of("dann-r", 16, 32), 9578);
  EXPECT_EQ(params_of("dann-grf", 16, 256), 76554);
  EXPECT_EQ(params_of("dann-lrf", 64, 512), 595466);
  EXPECT_EQ(params_of("vann", 16, 32), 418666);
  EXPECT_EQ(params_of("vann", 1, 32), 26506);
}

TEST(ModelParameters, EveryVariantFollowsItsFormula) {
  const std::int64_t n = 784, c = 10, k = 16, D = 4, S = 32, DS = D * S;
  const std::int64_t out = (S + 1) * c;
  const std::map<std::string, std::int64_t> expected = {
      {"dann-r", (k + 1) * DS + (D + 1) * S + out},   {"dann-lrf", (k + 1) * DS + (D + 1) * S + out},
      {"dann-grf", (k + 1) * DS + (D + 1) * S + out}, {"pdann", (n + 1) * DS + (D + 1) * S + out},
      {"vann", (n + 1) * DS + (DS + 1) * S + out},    {"vann-r", (k + 1) * DS + (DS + 1) * S + out},
      {"vann-lrf", (k + 1) * DS + (DS + 1) * S + out}, {"vann-grf", (k + 1) * DS + (DS + 1) * S + out},
      {"sann", (k + 1) * DS + (D + 1) * S + out},     {"sann-lrf", (k + 1) * DS + (D + 1) * S + out},
      {"sann-grf", (k + 1) * DS + (D + 1) * S + out}, {"psann", (n + 1) * DS + (D + 1) * S + out},
  };
  for (const auto& [name, count] : expected) {
    Model m = build_model(variant_spec(name, [&] {
      VariantOptions o;
      o.dendrites = D;
      o.somata = S;
      return o;
    }()));
    EXPECT_EQ(m.parameter_count(), count) << name;
    std::int64_t summary_total = 0;
    for (const auto& l : m.layers) summary_total += l.parameters;
    EXPECT_EQ(summary_total, count) << name << ": the printed summary must add up";
  }
}

TEST(ModelParameters, MultiChannelRfDendritesConnectEveryChannel) {
  VariantOptions o;
  o.input = {32, 32, 3};
  o.dendrites = 4;
  o.somata = 8;
  Model m = build_model(variant_spec("dann-lrf", o));
  const std::int64_t DS = 32;
  EXPECT_EQ(m.graph.value(m.graph.find("layer0.dendrites.weight")).data.numel(), 16 * 3 * DS);
  // R connections do not depend on channels: k*D*S in total.
  Model r = build_model(variant_spec("dann-r", o));
  EXPECT_EQ(r.graph.value(r.graph.find("layer0.dendrites.weight")).data.numel(), 16 * DS);
}

TEST(ModelBuild, EveryVariantBuildsAtDepthTwo) {
  for (const std::string& name : variant_names()) {
    VariantOptions o;
    o.dendrites = 4;
    o.somata = 64;  // the next layer sees the somata as an 8x8 grid
    o.layers = 2;
    o.hidden = {32, 16};
    Model m = build_model(variant_spec(name, o));
    EXPECT_EQ(m.spec.layers.size(), 2u) << name;
    EXPECT_NE(m.graph.find("layer1" + std::string(name == "mlp" ? ".weight" : ".somata.weight")), kNoValue) << name;
  }
}

TEST(ModelBuild, ConnectivityAndInitialisationAreSeeded) {
  VariantOptions o;
  o.dendrites = 4;
  o.somata = 8;
  Model a = build_model(variant_spec("dann-grf", o)), b = build_model(variant_spec("dann-grf", o));
  o.seed = 2;
  Model c = build_model(variant_spec("dann-grf", o));
  for (const char* name : {"layer0.dendrites.col", "layer0.dendrites.weight"}) {
    EXPECT_TRUE(a.graph.value(a.graph.find(name)).data.bitwise_equal(b.graph.value(b.graph.find(name)).data));
    EXPECT_FALSE(a.graph.value(a.graph.find(name)).data.bitwise_equal(c.graph.value(c.graph.find(name)).data));
  }
  // Biases start at zero, weights inside the dense Glorot limit.
  const Tensor& bias = a.graph.value(a.graph.find("layer0.dendrites.bias")).data;
  for (std::int64_t i = 0; i < bias.numel(); ++i) EXPECT_EQ(bias.f32()[i], 0.0f);
  const Tensor& w = a.graph.value(a.graph.find("layer0.dendrites.weight")).data;
  const double limit = std::sqrt(6.0 / (784 + 32));
  for (std::int64_t i = 0; i < w.numel(); ++i) EXPECT_LE(std::fabs(w.f32()[i]), limit);
}

TEST(ModelSpecJson, RoundTripsAndDescribesArbitraryStacks) {
  const std::string text = R"json({"name": "stack", "input": [28, 28, 1], "classes": 10, "seed": 4,
    "layers": [
      {"type": "dendritic", "dendrites": 8, "somata": 64, "synapses": 9, "input_connectivity": "grf",
       "soma_connectivity": "block", "dendrite_activation": "tanh", "soma_activation": "elu(0.5)"},
      {"type": "dendritic", "dendrites": 2, "somata": 16, "synapses": 4, "input_connectivity": "lrf",
       "soma_connectivity": "random", "dendrite_activation": "leaky_relu(0.2)", "soma_activation": "gelu"},
      {"type": "dense", "units": 12, "activation": "silu", "dropout": 0.25}]})json";
  const test::TempDir dir;
  const std::string path = dir.file("stack.json");
  std::ofstream(path) << text;
  const ModelSpec spec = load_model_spec(path);
  ASSERT_EQ(spec.layers.size(), 3u);
  EXPECT_EQ(spec.layers[0].soma_activation.alpha, 0.5);
  EXPECT_EQ(spec.layers[1].dendrite_activation.str(), "leaky_relu(0.2)");
  const ModelSpec again = model_spec_from_json(to_json(spec));
  EXPECT_EQ(to_json(again), to_json(spec));
  Model m = build_model(spec);
  EXPECT_EQ(m.graph.value(m.graph.find("layer1.dendrites.weight")).data.numel(), 2 * 16 * 4);
  EXPECT_NE(m.graph.find("layer2.dropout"), kNoValue);
}

TEST(ModelErrors, ImpossibleModelsAreRefused) {
  VariantOptions o;
  expect_error([&] { variant_spec("dann-x", o); }, {"unknown model 'dann-x'"});
  o.somata = 0;
  expect_error([&] { variant_spec("dann-r", o); }, {"somata"});
  o = VariantOptions{};
  o.synapses = 800;  // more than 784 inputs
  expect_error([&] { build_model(variant_spec("dann-r", o)); }, {"layer 0"});
  o = VariantOptions{};
  o.input = {784, 1, 1};  // not an image: GRF needs D distinct centres around a soma
  o.dendrites = 16;
  expect_error([&] { build_model(variant_spec("dann-grf", o)); }, {"layer 0"});
  expect_error([] { ActivationSpec::parse("swoosh"); }, {"swoosh"});
  expect_error([] { ActivationSpec::parse("leaky_relu(x)"); }, {"leaky_relu(x)"});
  expect_error([] { model_spec_from_json(nlohmann::json::parse(R"({"layers": [{"type": "conv"}]})")); }, {"conv"});
  expect_error([] { model_spec_from_json(nlohmann::json::parse(R"({"layers": [{"type": "dense"}]})")); }, {"units"});
  expect_error([] { model_spec_from_json(nlohmann::json::parse(R"({"layers": [{"type": "dense", "units": "x"}]})")); },
               {"units"});
}

}  // namespace
}  // namespace dendrite
