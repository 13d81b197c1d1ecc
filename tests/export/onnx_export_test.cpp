// Export: every model kind passes the ONNX checker and strict shape inference (ours and Debian's
// Python onnx), imports back bit for bit with the same logits, and carries its metadata.
#include <gtest/gtest.h>

#include <map>

#include "export/onnx_export.h"
#include "export/onnx_import.h"
#include "export/onnx_schemas.h"
#include "export/onnx_tensor.h"
#include "framework/core/error.h"
#include "framework/core/version.h"
#include "tests/common/expect_error.h"
#include "tests/export/export_test_util.h"

namespace dendrite {
namespace {

using test::expect_error;
using namespace export_test;

std::map<std::string, int> op_counts(const onnx::ModelProto& p) {
  std::map<std::string, int> counts;
  for (const auto& n : p.graph().node()) ++counts[(n.domain().empty() ? "" : n.domain() + ".") + n.op_type()];
  return counts;
}

// Debian's Python onnx (checker + strict shape inference) accepts the files.
void expect_python_accepts(const std::vector<std::filesystem::path>& files) {
  const int python = python_onnx_check(files);
  if (python >= 0) {
    EXPECT_EQ(python, 0) << "Debian's python onnx rejects one of the files";
  }
}

// Everything one exported model must satisfy; adds the file it wrote to `files` (Python check).
void expect_round_trip(const ModelSpec& spec, std::vector<std::filesystem::path>& files) {
  SCOPED_TRACE(spec.name);
  Model m = build_model(spec);
  const onnx::ModelProto proto = export_model(m, ExportInfo{"synthetic", 0.875});
  ASSERT_NO_THROW(check_onnx_model(proto));

  const auto path = temp_file(fmt::format("{}-L{}.onnx", spec.name, spec.layers.size()));
  save_onnx(proto, path.string());
  files.push_back(path);

  Model back = import_onnx(path.string());
  EXPECT_EQ(to_json(back.spec), to_json(m.spec));
  ASSERT_EQ(back.graph.values().size(), m.graph.values().size());
  int compared = 0;
  for (std::size_t i = 0; i < m.graph.values().size(); ++i) {
    const Value& a = m.graph.values()[i];
    if (a.kind != ValueKind::parameter && a.kind != ValueKind::constant) continue;
    const Value& b = back.graph.values()[i];
    EXPECT_EQ(a.name, b.name);
    EXPECT_TRUE(a.data.bitwise_equal(b.data)) << a.name;
    ++compared;
  }
  EXPECT_GT(compared, 0);
  const Tensor x = random_inputs(5, spec.input_size(), 11);
  EXPECT_TRUE(logits_of(m, x).bitwise_equal(logits_of(back, x)));
}

TEST(OnnxExport, MlpWithEveryActivationRoundTrips) {
  std::vector<std::filesystem::path> files;
  expect_round_trip(mlp_every_activation(), files);
  expect_python_accepts(files);
}

TEST(OnnxExport, MlpGraphStructure) {
  const Model m = build_model(mlp_every_activation());
  const onnx::ModelProto p = export_model(m);
  EXPECT_EQ(p.ir_version(), kOnnxIrVersion);
  std::map<std::string, std::int64_t> opsets;
  for (const auto& o : p.opset_import()) opsets[o.domain()] = o.version();
  EXPECT_EQ(opsets[""], 17);
  EXPECT_EQ(opsets[kOnnxDomain], 1);

  ASSERT_EQ(p.graph().input_size(), 1);
  EXPECT_EQ(p.graph().input(0).name(), "x");
  EXPECT_EQ(onnx_type_str(p.graph().input(0).type()), "float[N, 64]");
  ASSERT_EQ(p.graph().output_size(), 2);
  EXPECT_EQ(p.graph().output(0).name(), "logits");
  EXPECT_EQ(onnx_type_str(p.graph().output(0).type()), "float[N, 3]");
  EXPECT_EQ(p.graph().output(1).name(), "probabilities");

  const auto ops = op_counts(p);
  EXPECT_EQ(ops.at("Gemm"), 10);  // 9 hidden layers + output
  for (const char* op : {"Relu", "LeakyRelu", "Tanh", "Erf", "Elu", "Softplus", "Identity", "Softmax"})
    EXPECT_EQ(ops.count(op), 1u) << op;
  EXPECT_EQ(ops.at("Sigmoid"), 2);  // sigmoid and silu
  EXPECT_EQ(ops.count("Dropout"), 0u);
  EXPECT_EQ(p.functions_size(), 0);  // no custom ops in an MLP

  // Every parameter is an initializer under its graph name; no graph input but x.
  std::map<std::string, const onnx::TensorProto*> init;
  for (const auto& t : p.graph().initializer()) init[t.name()] = &t;
  EXPECT_EQ(init.size(), 20u);
  ASSERT_EQ(init.count("layer0.weight"), 1u);
  EXPECT_EQ(init.at("layer0.weight")->dims_size(), 2);
  EXPECT_EQ(init.at("layer0.weight")->dims(0), 6);
  EXPECT_EQ(init.at("layer0.weight")->dims(1), 64);
  for (const auto& n : p.graph().node())
    if (n.op_type() == "LeakyRelu" || n.op_type() == "Elu") {
      EXPECT_FLOAT_EQ(n.attribute(0).f(), 0.25f) << n.name();
    }
}

TEST(OnnxExport, Metadata) {
  const Model m = build_model(mlp_every_activation());
  const onnx::ModelProto p = export_model(m, ExportInfo{"fashion-mnist", 0.8125});
  EXPECT_EQ(find_metadata(p, kModelSpecKey), to_json(m.spec).dump());
  EXPECT_EQ(find_metadata(p, "variant"), "mlp-all-activations");
  EXPECT_EQ(find_metadata(p, "layers"), "9");
  EXPECT_EQ(find_metadata(p, "activations"),
            "relu,leaky_relu(0.25),sigmoid,tanh,gelu,silu,elu(0.25),softplus,identity");
  EXPECT_EQ(find_metadata(p, "dataset"), "fashion-mnist");
  EXPECT_EQ(find_metadata(p, "test_accuracy"), "0.8125");
  EXPECT_EQ(find_metadata(p, "parameters"), std::to_string(m.parameter_count()));
  EXPECT_EQ(find_metadata(p, "framework_version"), std::string(framework_version()));
  EXPECT_FALSE(find_metadata(p, "dendrites").has_value());  // no dendritic layer

  const onnx::ModelProto bare = export_model(m);
  EXPECT_FALSE(find_metadata(bare, "dataset").has_value());
  EXPECT_FALSE(find_metadata(bare, "test_accuracy").has_value());
}

TEST(OnnxExport, EveryDendriticVariantRoundTrips) {
  std::vector<std::filesystem::path> files;
  for (const std::string& v : dendritic_variants()) expect_round_trip(small_variant(v), files);
  expect_python_accepts(files);
}

TEST(OnnxExport, TwoDendriticLayersRoundTrip) {
  std::vector<std::filesystem::path> files;
  for (const char* v : {"dann-grf", "sann", "vann-lrf"}) expect_round_trip(small_variant(v, 2), files);
  expect_python_accepts(files);
}

TEST(OnnxExport, DendriticGraphStructure) {
  const Model m = build_model(small_variant("dann-r", 2));
  const onnx::ModelProto p = export_model(m);
  const auto ops = op_counts(p);
  EXPECT_EQ(ops.at("ai.dendrite.Dendritic"), 2);
  EXPECT_EQ(ops.at("ai.dendrite.Somatic"), 2);
  ASSERT_EQ(p.functions_size(), 2);
  for (const auto& f : p.functions()) EXPECT_EQ(f.domain(), kOnnxDomain);
  for (const auto& t : p.graph().initializer())
    if (t.name() == "layer0.dendrites.col" || t.name() == "layer0.dendrites.row_ptr") {
      EXPECT_EQ(t.data_type(), onnx::TensorProto::INT32) << t.name();
    }
  EXPECT_EQ(find_metadata(p, "dendrites"), "4");
  EXPECT_EQ(find_metadata(p, "somata"), "8");
  EXPECT_EQ(find_metadata(p, "synapses"), "4");
  EXPECT_EQ(find_metadata(p, "layers"), "2");
}

// The masked forms (--impl masked) are marked SAME_AS their sparse ops in the export list: the
// file is the same, byte for byte, whichever way the sparse layers compute.
TEST(OnnxExport, MaskedFormsExportAsTheSparseOps) {
  const ModelSpec spec = small_variant("dann-r", 2);
  const Model sparse = build_model(spec);
  const Model masked = build_model(spec, {SparseImpl::masked});
  int masked_nodes = 0;
  for (const Node& n : masked.graph.nodes()) masked_nodes += n.op.rfind("masked_", 0) == 0;
  EXPECT_EQ(masked_nodes, 4);
  const ExportInfo info{"synthetic", 0.5};
  EXPECT_EQ(export_model(masked, info).SerializeAsString(), export_model(sparse, info).SerializeAsString());
}

TEST(OnnxExport, ShapeInferenceIsCheckedAgainstTheExportedTypes) {
  const Model m = build_model(mlp_every_activation());
  onnx::ModelProto p = export_model(m);
  // Claim a wrong width for the first hidden layer's output: inference must disagree.
  auto* vi = p.mutable_graph()->mutable_value_info(0);
  vi->mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim(1)->set_dim_value(5);
  expect_error([&] { check_onnx_model(p); },
               {"'" + vi->name() + "' is declared float[N, 5] but shape inference finds float[N, 6]"});
}

TEST(OnnxExport, CheckerErrorsAreReported) {
  const Model m = build_model(mlp_every_activation());
  onnx::ModelProto p = export_model(m);
  p.mutable_graph()->mutable_node(0)->set_input(1, "no_such_value");
  expect_error([&] { check_onnx_model(p); }, {"ONNX checker rejects the model"});
}

TEST(OnnxExport, NodeWithoutOnnxFormIsNamed) {
  // Export "through" the loss: the cross-entropy node has no ONNX form.
  Model m = build_model(mlp_every_activation());
  m.logits = m.loss;
  expect_error([&] { (void)export_model(m); }, {"node 'loss' (op 'softmax_cross_entropy') has no ONNX form"});
}

TEST(OnnxExport, SaveIsAtomicAndReportsThePath) {
  const Model m = build_model(mlp_every_activation());
  const auto dir = temp_file("no_such_dir");
  expect_error([&] { save_onnx(export_model(m), (dir / "m.onnx").string()); }, {(dir / "m.onnx").string()});
  const auto path = temp_file("atomic.onnx");
  save_onnx(export_model(m), path.string());
  const std::string first = read_bytes(path);
  save_onnx(export_model(m), path.string());
  EXPECT_EQ(read_bytes(path), first);  // export is deterministic
  for (const auto& entry : std::filesystem::directory_iterator(path.parent_path()))
    EXPECT_EQ(entry.path().string().find("atomic.onnx.tmp"), std::string::npos) << entry.path();
}

}  // namespace
}  // namespace dendrite
