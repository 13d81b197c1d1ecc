// Import: every way a file can be wrong is reported with a message naming the file and the
// offending tensor, node or metadata entry.
#include <gtest/gtest.h>

#include <functional>

#include "export/onnx_export.h"
#include "export/onnx_import.h"
#include "export/onnx_schemas.h"
#include "export/onnx_tensor.h"
#include "framework/core/error.h"
#include "tests/common/expect_error.h"
#include "tests/export/export_test_util.h"

namespace dendrite {
namespace {

using namespace export_test;
using test::expect_error;

onnx::TensorProto* initializer(onnx::ModelProto& p, const std::string& name) {
  for (auto& t : *p.mutable_graph()->mutable_initializer())
    if (t.name() == name) return &t;
  ADD_FAILURE() << "no initializer " << name;
  return nullptr;
}

// Writes the proto to `file`; importing it is the call returned, for expect_error.
std::function<void()> importing(const onnx::ModelProto& p, const std::string& file) {
  const std::string path = temp_file(file).string();
  save_onnx(p, path);
  return [path] { (void)import_onnx(path); };
}

onnx::ModelProto mlp_proto() { return export_model(build_model(mlp_every_activation())); }

TEST(OnnxImport, MissingFile) {
  expect_error([] { (void)import_onnx("/nonexistent/model.onnx"); }, {"cannot read '/nonexistent/model.onnx'"});
}

TEST(OnnxImport, TruncatedFile) {
  const auto path = temp_file("truncated.onnx");
  save_onnx(mlp_proto(), path.string());
  const std::string bytes = read_bytes(path);
  write_bytes(path, bytes.substr(0, bytes.size() / 2));
  expect_error([&] { (void)import_onnx(path.string()); }, {path.string(), "not a valid ONNX model"});
}

TEST(OnnxImport, GarbageAndEmptyFiles) {
  const auto garbage = temp_file("garbage.onnx");
  write_bytes(garbage, std::string("\xff\xff\xff\xff this is not protobuf", 26));
  expect_error([&] { (void)import_onnx(garbage.string()); }, {garbage.string(), "not a valid ONNX model"});
  const auto empty = temp_file("empty.onnx");
  write_bytes(empty, "");
  expect_error([&] { (void)import_onnx(empty.string()); }, {empty.string(), "is empty"});
}

TEST(OnnxImport, NotExportedByDendrite) {
  onnx::ModelProto p = mlp_proto();
  p.clear_metadata_props();
  expect_error(importing(p, "foreign.onnx"), {"foreign.onnx", "it was not exported by dendrite"});
}

TEST(OnnxImport, BadModelSpecMetadata) {
  onnx::ModelProto p = mlp_proto();
  for (auto& m : *p.mutable_metadata_props())
    if (m.key() == kModelSpecKey) m.set_value("{\"name\": \"x\", ");
  expect_error(importing(p, "badspec.onnx"), {"badspec.onnx", "not valid JSON"});
}

TEST(OnnxImport, MissingInitializer) {
  onnx::ModelProto p = mlp_proto();
  auto* inits = p.mutable_graph()->mutable_initializer();
  for (int i = 0; i < inits->size(); ++i)
    if (inits->Get(i).name() == "layer3.bias") inits->DeleteSubrange(i, 1);
  expect_error(importing(p, "missing.onnx"), {"missing.onnx", "no initializer 'layer3.bias'", "f32[6]"});
}

TEST(OnnxImport, WrongInitializerShape) {
  onnx::ModelProto p = mlp_proto();
  onnx::TensorProto* w = initializer(p, "layer0.weight");
  *w = to_tensor_proto("layer0.weight", Tensor({6, 65}));
  expect_error(importing(p, "shape.onnx"),
               {"shape.onnx", "initializer 'layer0.weight' is f32[6, 65]", "needs f32[6, 64]"});
}

TEST(OnnxImport, WrongInitializerType) {
  onnx::ModelProto p = mlp_proto();
  onnx::TensorProto* b = initializer(p, "output.bias");
  b->set_data_type(onnx::TensorProto::DOUBLE);
  expect_error(importing(p, "dtype.onnx"), {"initializer 'output.bias'", "type double is not supported"});
}

TEST(OnnxImport, InitializerWithTooFewBytes) {
  onnx::ModelProto p = mlp_proto();
  onnx::TensorProto* b = initializer(p, "output.bias");
  b->set_raw_data(b->raw_data().substr(0, 4));
  expect_error(importing(p, "bytes.onnx"), {"initializer 'output.bias'", "needs 12 bytes, the file holds 4"});
}

TEST(OnnxImport, InitializerInTypedFieldsIsRead) {
  // Other writers store small tensors in float_data instead of raw_data.
  onnx::ModelProto p = mlp_proto();
  onnx::TensorProto* b = initializer(p, "output.bias");
  b->clear_raw_data();
  for (float v : {0.5f, -1.0f, 2.0f}) b->add_float_data(v);
  save_onnx(p, temp_file("typed.onnx").string());
  const Model m = import_onnx(temp_file("typed.onnx").string());
  const Tensor& bias = m.graph.value(m.graph.find("output.bias")).data;
  EXPECT_EQ(bias.f32()[0], 0.5f);
  EXPECT_EQ(bias.f32()[1], -1.0f);
  EXPECT_EQ(bias.f32()[2], 2.0f);
}

class DendriticImport : public ::testing::Test {
 protected:
  void SetUp() override { proto_ = export_model(build_model(small_variant("dann-r"))); }
  onnx::ModelProto proto_;
};

TEST_F(DendriticImport, ColumnOutOfRange) {
  onnx::TensorProto* col = initializer(proto_, "layer0.dendrites.col");
  Tensor t = from_tensor_proto(*col, "col");
  t.i32()[t.numel() - 1] = 64;  // the input has 64 columns
  *col = to_tensor_proto(col->name(), t);
  expect_error(importing(proto_, "range.onnx"),
               {"range.onnx", "'layer0.dendrites.col'", "node 'layer0.dendrites'", "reads input 64, outside [0, 64)"});
}

TEST_F(DendriticImport, RowPointerNotMonotone) {
  onnx::TensorProto* rp = initializer(proto_, "layer0.dendrites.row_ptr");
  Tensor t = from_tensor_proto(*rp, "row_ptr");
  std::int64_t j = 1;
  while (t.i32()[j] == 0) ++j;
  t.i32()[j + 1] = t.i32()[j] - 1;  // unit j would end before it starts
  *rp = to_tensor_proto(rp->name(), t);
  expect_error(importing(proto_, "order.onnx"), {"'layer0.dendrites.row_ptr'", "is not ordered"});
}

TEST_F(DendriticImport, RowPointerNotEndingAtNnz) {
  onnx::TensorProto* rp = initializer(proto_, "layer0.dendrites.row_ptr");
  Tensor t = from_tensor_proto(*rp, "row_ptr");
  t.i32()[t.numel() - 1] -= 1;
  *rp = to_tensor_proto(rp->name(), t);
  expect_error(importing(proto_, "end.onnx"), {"'layer0.dendrites.row_ptr'", "expected nnz"});
}

TEST_F(DendriticImport, UnknownAttributeOnCustomNode) {
  for (auto& n : *proto_.mutable_graph()->mutable_node()) {
    if (n.op_type() != somatic_spec().name) continue;
    auto* a = n.add_attribute();
    a->set_name("mode");
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(1);
  }
  expect_error(importing(proto_, "attr.onnx"), {"node 'layer0.somata' (Somatic) has an attribute 'mode'"});
}

TEST_F(DendriticImport, CustomNodeWithWrongInputCount) {
  for (auto& n : *proto_.mutable_graph()->mutable_node())
    if (n.op_type() == dendritic_spec().name) n.mutable_input()->RemoveLast();
  expect_error(importing(proto_, "inputs.onnx"),
               {"node 'layer0.dendrites' (Dendritic) has 4 inputs and 1 outputs, expected 5 and 1"});
}

}  // namespace
}  // namespace dendrite
