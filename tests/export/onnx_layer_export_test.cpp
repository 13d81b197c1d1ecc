// Export of dANN layers as ai.dendrite::DendriticLayer: one node per layer whose activations are
// rectifiers (named after the layer, the seven inputs in order, each activation's name and slope
// below zero), the functions of DendriticLayer, Dendritic and Somatic, the checks of ONNX and of
// Debian's Python onnx; the four-node form on request and for layers the fused kernel does not
// take; and both forms import back to the same model.
#include <gtest/gtest.h>

#include <map>

#include "export/onnx_export.h"
#include "export/onnx_import.h"
#include "framework/core/error.h"
#include "framework/model/model_spec.h"
#include "tests/common/small_model.h"
#include "tests/export/export_test_util.h"

namespace dendrite {
namespace {

using namespace export_test;

std::map<std::string, int> op_counts(const onnx::ModelProto& p) {
  std::map<std::string, int> counts;
  for (const auto& n : p.graph().node()) ++counts[(n.domain().empty() ? "" : n.domain() + ".") + n.op_type()];
  return counts;
}

std::vector<std::string> function_names(const onnx::ModelProto& p) {
  std::vector<std::string> names;
  for (const auto& f : p.functions()) names.push_back(f.name());
  return names;
}

ModelSpec spec(const std::string& variant, std::int64_t layers, ActivationSpec dendrite, ActivationSpec soma) {
  VariantOptions o = test::small_options();
  o.layers = layers;
  o.dendrite_activation = dendrite;
  o.soma_activation = soma;
  return variant_spec(variant, o);
}

std::map<std::string, std::string> attribute_texts(const onnx::NodeProto& n) {
  std::map<std::string, std::string> a;
  for (const auto& attr : n.attribute())
    a[attr.name()] = attr.type() == onnx::AttributeProto::STRING ? attr.s() : fmt::format("{:g}", attr.f());
  return a;
}

TEST(LayerExport, EachDannLayerIsOneDendriticLayerNode) {
  const Model m = build_model(spec("dann-grf", 2, {"relu", -1}, {"leaky_relu", 0.2}));
  const onnx::ModelProto p = export_model(m);
  ASSERT_NO_THROW(check_onnx_model(p));
  EXPECT_EQ(op_counts(p), (std::map<std::string, int>{{"ai.dendrite.DendriticLayer", 2}, {"Gemm", 1}, {"Softmax", 1}}));
  EXPECT_EQ(function_names(p), (std::vector<std::string>{"Dendritic", "DendriticLayer", "Somatic"}));
  const onnx::NodeProto& layer1 = p.graph().node(1);
  EXPECT_EQ(layer1.name(), "layer1");
  EXPECT_EQ(std::vector<std::string>(layer1.input().begin(), layer1.input().end()),
            (std::vector<std::string>{"layer0.somata.act", "layer1.dendrites.weight", "layer1.dendrites.bias",
                                      "layer1.dendrites.row_ptr", "layer1.dendrites.col", "layer1.somata.weight",
                                      "layer1.somata.bias"}));
  EXPECT_EQ(layer1.output(0), "layer1.somata.act");
  EXPECT_EQ(attribute_texts(layer1), (std::map<std::string, std::string>{{"dendrite_activation", "relu"},
                                                                        {"dendrite_alpha", "0"},
                                                                        {"soma_activation", "leaky_relu"},
                                                                        {"soma_alpha", "0.2"}}));
  const auto path = temp_file("dann-grf-layers.onnx");
  save_onnx(p, path.string());
  const int python = python_onnx_check({path});
  if (python >= 0) {
    EXPECT_EQ(python, 0) << "Debian's python onnx rejects the file";
  }
}

TEST(LayerExport, IdentityHasSlopeOne) {
  const onnx::ModelProto p = export_model(build_model(spec("dann-r", 1, {"identity", -1}, {"relu", -1})));
  const auto a = attribute_texts(p.graph().node(0));
  EXPECT_EQ(a.at("dendrite_activation"), "identity");
  EXPECT_EQ(a.at("dendrite_alpha"), "1");
  EXPECT_EQ(a.at("soma_alpha"), "0");
}

TEST(LayerExport, FourNodesOnRequestAndForLayersTheKernelDoesNotTake) {
  const ModelSpec leaky = spec("dann-r", 1, {"leaky_relu", 0.1}, {"leaky_relu", 0.1});
  ExportOptions four;
  four.fuse_layers = false;
  const std::map<std::string, int> four_nodes = {
      {"ai.dendrite.Dendritic", 1}, {"ai.dendrite.Somatic", 1}, {"LeakyRelu", 2}, {"Gemm", 1}, {"Softmax", 1}};
  const onnx::ModelProto requested = export_model(build_model(leaky), {}, four);
  EXPECT_EQ(op_counts(requested), four_nodes);
  EXPECT_EQ(function_names(requested), (std::vector<std::string>{"Dendritic", "Somatic"}));
  EXPECT_NO_THROW(check_onnx_model(requested));
  // gelu somata, random somata (sANN), dense somata (pdANN): no DendriticLayer.
  for (const ModelSpec& s : {spec("dann-r", 1, {"leaky_relu", 0.1}, {"gelu", -1}), spec("sann", 1, {"relu", -1}, {"relu", -1}),
                             spec("pdann", 1, {"relu", -1}, {"relu", -1})}) {
    const onnx::ModelProto p = export_model(build_model(s));
    EXPECT_EQ(op_counts(p).count("ai.dendrite.DendriticLayer"), 0u) << s.name;
  }
}

TEST(LayerExport, MaskedFormsExportTheSameLayerNodes) {
  const ModelSpec s = spec("dann-lrf", 2, {"leaky_relu", 0.1}, {"relu", -1});
  const onnx::ModelProto sparse = export_model(build_model(s), {"synthetic", 0.5});
  const onnx::ModelProto masked = export_model(build_model(s, {SparseImpl::masked}), {"synthetic", 0.5});
  EXPECT_EQ(op_counts(sparse).at("ai.dendrite.DendriticLayer"), 2);
  EXPECT_EQ(masked.SerializeAsString(), sparse.SerializeAsString());
}

TEST(LayerExport, BothFormsImportToTheSameModel) {
  Model m = build_model(spec("dann-r", 2, {"leaky_relu", 0.1}, {"leaky_relu", 0.1}));
  const Tensor x = random_inputs(9, m.spec.input_size(), 3);
  const Tensor expected = logits_of(m, x);
  for (const bool fused : {true, false}) {
    ExportOptions options;
    options.fuse_layers = fused;
    Model back = model_from_onnx(export_model(m, {}, options), fused ? "fused" : "four-node");
    EXPECT_EQ(to_json(back.spec), to_json(m.spec));
    EXPECT_EQ(back.graph.nodes().size(), m.graph.nodes().size()) << "the graph's own nodes, one per op";
    for (ValueId p : m.graph.parameters()) {
      const ValueId q = back.graph.find(m.graph.value(p).name);
      ASSERT_NE(q, kNoValue);
      EXPECT_TRUE(back.graph.value(q).data.bitwise_equal(m.graph.value(p).data)) << m.graph.value(p).name;
    }
    EXPECT_TRUE(logits_of(back, x).bitwise_equal(expected)) << (fused ? "fused" : "four-node");
  }
}

TEST(LayerExport, ImportChecksTheLayerNodesAttributes) {
  onnx::ModelProto p = export_model(build_model(spec("dann-r", 1, {"relu", -1}, {"relu", -1})));
  auto* attr = p.mutable_graph()->mutable_node(0)->add_attribute();
  attr->set_name("axon_activation");
  attr->set_type(onnx::AttributeProto::STRING);
  attr->set_s("relu");
  try {
    (void)model_from_onnx(p, "bad.onnx");
    ADD_FAILURE() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("axon_activation"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace dendrite
