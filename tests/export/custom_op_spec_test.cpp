// The ai.dendrite spec machinery (export/specs/custom_op_spec.h) on an op with attributes and a
// function body that depends on them, the shape the fused layer op will take: a toy "Rescale"
// (Y = X * alpha + B, or X + alpha + B with mode "add") read by the schema builder, ONNX shape
// inference and the checker, the function builder, the exporter's node writer and the importer's
// node check.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>

#include <onnx/checker.h>
#include <onnx/defs/attr_proto_util.h>
#include <onnx/shape_inference/implementation.h>

#include "export/onnx_functions.h"
#include "export/onnx_import.h"
#include "export/onnx_node_writer.h"
#include "export/onnx_schemas.h"
#include "framework/core/error.h"

namespace dendrite {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

// x [N, F], b [F] -> y [N, F]
inline constexpr RuleInput kRescaleRuleInputs[] = {{"x", 2, InputKind::values}, {"b", 1, InputKind::values}};
inline constexpr DimRef kRescaleOutput[] = {{0, 0}, {0, 1}};
std::string check_rescale(const ShapeArgs& in) {
  if (!dims_agree(in.dim(1, 0), in.dim(0, 1)))
    return fmt::format("{} must have one entry per column of {}", in.text(1), in.text(0));
  return {};
}
inline constexpr ShapeRule kRescaleShape{kRescaleRuleInputs, kRescaleOutput, check_rescale};

inline constexpr OnnxInput kRescaleInputs[] = {{"X", "input, [N, F]"}, {"B", "bias, [F]"}};
inline constexpr AttrSpec kRescaleAttrs[] = {{"alpha", AttrType::f32, "the factor", 2.0},
                                           {"mode", AttrType::string, "mul or add", 0.0, "mul"}};
static_assert(inputs_match(kRescaleInputs, kRescaleShape));

std::string rescale_body(const Attrs& a) {
  const char* op = a.get_string("mode") == "add" ? "Add" : "Mul";
  return fmt::format("\n  alpha = Constant <value_float = {:.6f}> ()\n  scaled = {} (X, alpha)\n  Y = Add (scaled, B)\n",
                     a.get_float("alpha"), op);
}

// (Not "Scale": ONNX takes that name for one of its retired experimental ops and ignores its
// inference errors.)
inline constexpr CustomOpSpec kRescale{"Rescale", "Y = X * alpha + B", kRescaleShape, kRescaleInputs,
                                     {"Y", "output, [N, F]"},    kRescaleAttrs,  "Rescale as Mul and Add", rescale_body};

void register_rescale() {
  static std::once_flag once;
  std::call_once(once, [] {
    register_dendrite_onnx_schemas();  // the domain
    onnx::RegisterSchema(custom_op_schema(kRescale));
  });
}

void set_type(onnx::ValueInfoProto& v, const std::string& name, const std::vector<std::string>& dims) {
  v.set_name(name);
  auto* t = v.mutable_type()->mutable_tensor_type();
  t->set_elem_type(onnx::TensorProto::FLOAT);
  for (const std::string& d : dims) {
    if (d == "N") t->mutable_shape()->add_dim()->set_dim_param(d);
    else t->mutable_shape()->add_dim()->set_dim_value(std::stoll(d));
  }
}

// x [N, F] and b [width] into one Rescale node with the given attributes.
onnx::ModelProto rescale_model(std::int64_t F, std::int64_t width, const std::vector<onnx::AttributeProto>& attrs) {
  onnx::ModelProto m;
  m.set_ir_version(kOnnxIrVersion);
  auto* std_opset = m.add_opset_import();
  std_opset->set_version(kOnnxOpset);
  auto* our = m.add_opset_import();
  our->set_domain(kOnnxDomain);
  our->set_version(kOnnxDomainVersion);
  onnx::GraphProto& g = *m.mutable_graph();
  g.set_name("rescale");
  set_type(*g.add_input(), "x", {"N", std::to_string(F)});
  set_type(*g.add_input(), "b", {std::to_string(width)});
  onnx::ValueInfoProto* y = g.add_output();
  y->set_name("y");
  y->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
  onnx::NodeProto& n = *g.add_node();
  n.set_name("rescale0");
  n.set_op_type("Rescale");
  n.set_domain(kOnnxDomain);
  n.add_input("x");
  n.add_input("b");
  n.add_output("y");
  for (const auto& a : attrs) *n.add_attribute() = a;
  return m;
}

onnx::ModelProto inferred(onnx::ModelProto m) {
  const onnx::ShapeInferenceOptions strict(/*check_type=*/true, /*error_mode=*/1, /*data_prop=*/false);
  onnx::shape_inference::InferShapes(m, onnx::OpSchemaRegistry::Instance(), strict);
  return m;
}

TEST(CustomOpSpec, SchemaHasTheAttributesWithDefaults) {
  const onnx::OpSchema s = custom_op_schema(kRescale);
  EXPECT_EQ(s.Name(), "Rescale");
  EXPECT_EQ(s.domain(), kOnnxDomain);
  ASSERT_EQ(s.inputs().size(), 2u);
  EXPECT_EQ(s.inputs()[1].GetName(), "B");
  EXPECT_EQ(s.typeConstraintParams().size(), 1u);  // no index input: T only
  const auto& attrs = s.attributes();
  ASSERT_EQ(attrs.count("alpha"), 1u);
  EXPECT_FALSE(attrs.at("alpha").required);
  EXPECT_FLOAT_EQ(attrs.at("alpha").default_value.f(), 2.0f);
  EXPECT_EQ(attrs.at("mode").default_value.s(), "mul");
}

TEST(CustomOpSpec, ShapeInferenceRunsTheRule) {
  register_rescale();
  const onnx::ModelProto good = inferred(rescale_model(3, 3, {onnx::MakeAttribute("alpha", 0.5f)}));
  const auto& y = good.graph().output(0).type().tensor_type().shape();
  ASSERT_EQ(y.dim_size(), 2);
  EXPECT_EQ(y.dim(0).dim_param(), "N");
  EXPECT_EQ(y.dim(1).dim_value(), 3);
  EXPECT_NO_THROW(onnx::checker::check_model(good));
  EXPECT_THAT([] { inferred(rescale_model(3, 4, {})); },
              ThrowsMessage<onnx::InferenceError>(HasSubstr("Rescale: B [4] must have one entry per column of X [N, 3]")));
}

TEST(CustomOpSpec, CheckerRejectsAnUndeclaredAttribute) {
  register_rescale();
  EXPECT_ANY_THROW(onnx::checker::check_model(rescale_model(3, 3, {onnx::MakeAttribute("beta", 1.0f)})));
}

TEST(CustomOpSpec, AttrsGetDefaultsAndTypeChecks) {
  const Attrs all = custom_op_attrs(kRescale, {});
  EXPECT_DOUBLE_EQ(all.get_float("alpha"), 2.0);
  EXPECT_EQ(all.get_string("mode"), "mul");
  EXPECT_DOUBLE_EQ(custom_op_attrs(kRescale, {{"alpha", std::int64_t{3}}}).get_float("alpha"), 3.0);  // int for float
  EXPECT_THAT([] { custom_op_attrs(kRescale, {{"beta", 1.0}}); },
              ThrowsMessage<Error>(HasSubstr("attribute 'beta' is not one of ai.dendrite.Rescale's (it takes: alpha, mode)")));
  EXPECT_THAT([] { custom_op_attrs(kRescale, {{"mode", 1.0}}); },
              ThrowsMessage<Error>(HasSubstr("attribute 'mode' of ai.dendrite.Rescale must be a string")));
}

TEST(CustomOpSpec, FunctionBodyDependsOnTheAttributes) {
  const std::string mul = custom_op_function_text(kRescale, custom_op_attrs(kRescale, {}));
  EXPECT_THAT(mul, HasSubstr("Rescale (X, B) => (Y)"));
  EXPECT_THAT(mul, HasSubstr("value_float = 2.000000"));
  EXPECT_THAT(mul, HasSubstr("scaled = Mul (X, alpha)"));
  const std::string add = custom_op_function_text(kRescale, custom_op_attrs(kRescale, {{"mode", std::string("add")}}));
  EXPECT_THAT(add, HasSubstr("scaled = Add (X, alpha)"));
  const onnx::FunctionProto f = custom_op_function(kRescale, custom_op_attrs(kRescale, {{"alpha", 0.25}}));
  EXPECT_EQ(f.name(), "Rescale");
  EXPECT_EQ(f.domain(), kOnnxDomain);
  EXPECT_EQ(f.node_size(), 3);
  EXPECT_EQ(f.doc_string(), "Rescale as Mul and Add");
}

TEST(CustomOpSpec, WriterWritesTheNodesAttributesAndRecordsItsBody) {
  Node node{"rescale0", "scale", {0, 1}, {2}, {{"alpha", 0.5}}};
  onnx::GraphProto g;
  OnnxNodeWriter w(node, g, {"x", "b"}, {"y"});
  w.add_custom(kRescale);
  ASSERT_EQ(g.node_size(), 1);
  const onnx::NodeProto& n = g.node(0);
  EXPECT_EQ(n.op_type(), "Rescale");
  EXPECT_EQ(n.domain(), kOnnxDomain);
  ASSERT_EQ(n.attribute_size(), 1);  // the default of mode is not written
  EXPECT_EQ(n.attribute(0).name(), "alpha");
  EXPECT_FLOAT_EQ(n.attribute(0).f(), 0.5f);
  ASSERT_EQ(w.functions().count("Rescale"), 1u);
  EXPECT_THAT(w.functions().at("Rescale"), HasSubstr("value_float = 0.500000"));
}

TEST(CustomOpSpec, ImporterChecksAttributesBySpec) {
  auto node_with = [](const std::vector<onnx::AttributeProto>& attrs) {
    return rescale_model(3, 3, attrs).graph().node(0);
  };
  EXPECT_NO_THROW(check_custom_node(kRescale, node_with({onnx::MakeAttribute("alpha", 1.5f)}), "m.onnx"));
  EXPECT_THAT([&] { check_custom_node(kRescale, node_with({onnx::MakeAttribute("beta", 1.5f)}), "m.onnx"); },
              ThrowsMessage<Error>(HasSubstr("'m.onnx': node 'rescale0' (Rescale) has an attribute 'beta'; the op takes "
                                             "alpha, mode")));
  EXPECT_THAT([&] {
    check_custom_node(kRescale, node_with({onnx::MakeAttribute("alpha", std::int64_t{1})}), "m.onnx");
  }, ThrowsMessage<Error>(HasSubstr("node 'rescale0' (Rescale): attribute 'alpha' must be a float")));
  onnx::NodeProto three_inputs = node_with({});
  three_inputs.add_input("x");
  EXPECT_THAT([&] { check_custom_node(kRescale, three_inputs, "m.onnx"); },
              ThrowsMessage<Error>(HasSubstr("has 3 inputs and 1 outputs, expected 2 and 1")));
  EXPECT_EQ(somatic_spec().attr_names(), "none");
}

}  // namespace
}  // namespace dendrite
