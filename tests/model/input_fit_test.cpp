// Tests of find_input_fit_problem (framework/model/input_fit.h): for every case, it reports a
// problem exactly when build_model fails on the same spec, and names the field at fault.
#include "framework/model/input_fit.h"

#include <gtest/gtest.h>

#include "framework/core/error.h"
#include "framework/model/model.h"
#include "framework/model/variants.h"

namespace dendrite {
namespace {

struct FitCase {
  std::string model;
  std::vector<std::int64_t> input;
  std::int64_t dendrites, somata, synapses, layers;
  std::string field;  // "" = fits
  std::size_t layer = 0;
};

class InputFit : public ::testing::TestWithParam<FitCase> {};

TEST_P(InputFit, AgreesWithBuildingTheModel) {
  const FitCase& c = GetParam();
  VariantOptions o;
  o.input = c.input;
  o.dendrites = c.dendrites;
  o.somata = c.somata;
  o.synapses = c.synapses;
  o.layers = c.layers;
  const ModelSpec spec = variant_spec(c.model, o);
  const std::optional<InputFitProblem> p = find_input_fit_problem(spec);
  bool built = true;
  std::string build_error;
  try {
    (void)build_model(spec);
  } catch (const Error& e) {
    built = false;
    build_error = e.what();
  }
  EXPECT_EQ(!p.has_value(), built) << (p ? p->message : "no problem") << " / " << build_error;
  EXPECT_EQ(p ? p->field : "", c.field);
  if (p) {
    EXPECT_EQ(p->layer, c.layer);
    EXPECT_EQ(p->message.rfind("layer " + std::to_string(c.layer) + ": ", 0), 0u) << p->message;
  }
}

const FitCase kCases[] = {
    {"dann-r", {5, 4, 1}, 2, 3, 20, 1, ""},            // k = every input
    {"dann-r", {5, 4, 1}, 2, 3, 21, 1, "synapses"},
    {"dann-r", {4, 4, 3}, 2, 3, 48, 1, ""},            // R draws from the 48 values, not the 16 pixels
    {"dann-r", {4, 4, 3}, 2, 3, 49, 1, "synapses"},
    {"dann-lrf", {4, 4, 3}, 2, 3, 16, 1, ""},          // an RF synapse is a pixel with its 3 channels
    {"dann-lrf", {4, 4, 3}, 2, 3, 17, 1, "synapses"},
    {"dann-grf", {4, 4, 3}, 16, 2, 4, 1, ""},          // D distinct centre pixels
    {"dann-grf", {4, 4, 3}, 17, 2, 4, 1, "dendrites"},
    {"dann-grf", {4, 4, 1}, 2, 2, 17, 1, "synapses"},
    {"dann-lrf", {6, 1, 1}, 2, 3, 2, 1, "input_connectivity"},  // not an image
    {"dann-grf", {1, 6, 1}, 2, 3, 2, 1, "input_connectivity"},
    {"dann-grf", {6, 6, 1}, 2, 6, 6, 2, ""},           // layer 1 sees 6 somata as 3x2
    {"dann-grf", {6, 6, 1}, 2, 6, 7, 2, "synapses", 1},
    {"dann-r", {6, 6, 1}, 2, 5, 5, 2, ""},
    {"dann-r", {6, 6, 1}, 2, 5, 6, 2, "synapses", 1},  // 6 synapses from 5 somata
    {"dann-lrf", {6, 6, 1}, 2, 5, 2, 2, "input_connectivity", 1},  // 5 somata: a 5x1 grid
    {"vann", {5, 4, 1}, 2, 3, 1000, 1, ""},            // dense input: k plays no part
    {"pdann", {5, 4, 1}, 2, 3, 1000, 1, ""},
    {"mlp", {5, 4, 1}, 2, 3, 1000, 1, ""},
};

INSTANTIATE_TEST_SUITE_P(Cases, InputFit, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<FitCase>& param) { return "Case" + std::to_string(param.index); });

TEST(InputFitMessage, NamesTheCountsAndTheInput) {
  VariantOptions o;
  o.synapses = 785;
  const std::optional<InputFitProblem> p = find_input_fit_problem(variant_spec("dann-r", o));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->message, "layer 0: 785 synapses per dendrite, but its input has 784 values (28x28x1)");
}

}  // namespace
}  // namespace dendrite
