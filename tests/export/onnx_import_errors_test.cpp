// Import: every way a file can be wrong is reported with a message naming the file and the
// offending tensor, node or metadata entry.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "export/onnx_export.h"
#include "export/onnx_import.h"
#include "export/onnx_schemas.h"
#include "export/onnx_tensor.h"
#include "framework/core/error.h"
#include "tests/export/export_test_util.h"

namespace dendrite {
namespace {

using namespace export_test;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

onnx::TensorProto* initializer(onnx::ModelProto& p, const std::string& name) {
  for (auto& t : *p.mutable_graph()->mutable_initializer())
    if (t.name() == name) return &t;
  ADD_FAILURE() << "no initializer " << name;
  return nullptr;
}

// Writes the proto and imports the file, returning the error message ("" when it imports).
std::string import_error(const onnx::ModelProto& p, const std::string& file) {
  const auto path = temp_file(file);
  save_onnx(p, path.string());
  try {
    (void)import_onnx(path.string());
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

onnx::ModelProto mlp_proto() { return export_model(build_model(mlp_every_activation())); }

TEST(OnnxImport, MissingFile) {
  EXPECT_THAT([] { (void)import_onnx("/nonexistent/model.onnx"); },
              ThrowsMessage<Error>(HasSubstr("cannot read '/nonexistent/model.onnx'")));
}

TEST(OnnxImport, TruncatedFile) {
  const auto path = temp_file("truncated.onnx");
  save_onnx(mlp_proto(), path.string());
  const std::string bytes = read_bytes(path);
  write_bytes(path, bytes.substr(0, bytes.size() / 2));
  EXPECT_THAT([&] { (void)import_onnx(path.string()); },
              ThrowsMessage<Error>(AllOf(HasSubstr(path.string()), HasSubstr("not a valid ONNX model"))));
}

TEST(OnnxImport, GarbageAndEmptyFiles) {
  const auto garbage = temp_file("garbage.onnx");
  write_bytes(garbage, std::string("\xff\xff\xff\xff this is not protobuf", 26));
  EXPECT_THAT([&] { (void)import_onnx(garbage.string()); },
              ThrowsMessage<Error>(AllOf(HasSubstr(garbage.string()), HasSubstr("not a valid ONNX model"))));
  const auto empty = temp_file("empty.onnx");
  write_bytes(empty, "");
  EXPECT_THAT([&] { (void)import_onnx(empty.string()); },
              ThrowsMessage<Error>(AllOf(HasSubstr(empty.string()), HasSubstr("is empty"))));
}

TEST(OnnxImport, NotExportedByDendrite) {
  onnx::ModelProto p = mlp_proto();
  p.clear_metadata_props();
  EXPECT_THAT(import_error(p, "foreign.onnx"),
              AllOf(HasSubstr("foreign.onnx"), HasSubstr("it was not exported by dendrite")));
}

TEST(OnnxImport, BadModelSpecMetadata) {
  onnx::ModelProto p = mlp_proto();
  for (auto& m : *p.mutable_metadata_props())
    if (m.key() == kModelSpecKey) m.set_value("{\"name\": \"x\", ");
  EXPECT_THAT(import_error(p, "badspec.onnx"), AllOf(HasSubstr("badspec.onnx"), HasSubstr("not valid JSON")));
}

TEST(OnnxImport, MissingInitializer) {
  onnx::ModelProto p = mlp_proto();
  auto* inits = p.mutable_graph()->mutable_initializer();
  for (int i = 0; i < inits->size(); ++i)
    if (inits->Get(i).name() == "layer3.bias") inits->DeleteSubrange(i, 1);
  EXPECT_THAT(import_error(p, "missing.onnx"),
              AllOf(HasSubstr("missing.onnx"), HasSubstr("no initializer 'layer3.bias'"), HasSubstr("f32[6]")));
}

TEST(OnnxImport, WrongInitializerShape) {
  onnx::ModelProto p = mlp_proto();
  onnx::TensorProto* w = initializer(p, "layer0.weight");
  *w = to_tensor_proto("layer0.weight", Tensor({6, 65}));
  EXPECT_THAT(import_error(p, "shape.onnx"),
              AllOf(HasSubstr("shape.onnx"), HasSubstr("initializer 'layer0.weight' is f32[6, 65]"),
                    HasSubstr("needs f32[6, 64]")));
}

TEST(OnnxImport, WrongInitializerType) {
  onnx::ModelProto p = mlp_proto();
  onnx::TensorProto* b = initializer(p, "output.bias");
  b->set_data_type(onnx::TensorProto::DOUBLE);
  EXPECT_THAT(import_error(p, "dtype.onnx"),
              AllOf(HasSubstr("initializer 'output.bias'"), HasSubstr("type double is not supported")));
}

TEST(OnnxImport, InitializerWithTooFewBytes) {
  onnx::ModelProto p = mlp_proto();
  onnx::TensorProto* b = initializer(p, "output.bias");
  b->set_raw_data(b->raw_data().substr(0, 4));
  EXPECT_THAT(import_error(p, "bytes.onnx"),
              AllOf(HasSubstr("initializer 'output.bias'"), HasSubstr("needs 12 bytes, the file holds 4")));
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
  void SetUp() override {
    if (!dendritic_ops_available()) GTEST_SKIP() << "dendritic/somatic ops not registered yet";
    proto_ = export_model(build_model(small_variant("dann-r")));
  }
  onnx::ModelProto proto_;
};

TEST_F(DendriticImport, ColumnOutOfRange) {
  onnx::TensorProto* col = initializer(proto_, "layer0.dendrites.col");
  Tensor t = from_tensor_proto(*col, "col");
  t.i32()[t.numel() - 1] = 64;  // the input has 64 columns
  *col = to_tensor_proto(col->name(), t);
  EXPECT_THAT(import_error(proto_, "range.onnx"),
              AllOf(HasSubstr("range.onnx"), HasSubstr("'layer0.dendrites.col'"), HasSubstr("node 'layer0.dendrites'"),
                    HasSubstr("reads input 64, outside [0, 64)")));
}

TEST_F(DendriticImport, RowPointerNotMonotone) {
  onnx::TensorProto* rp = initializer(proto_, "layer0.dendrites.row_ptr");
  Tensor t = from_tensor_proto(*rp, "row_ptr");
  std::int64_t j = 1;
  while (t.i32()[j] == 0) ++j;
  t.i32()[j + 1] = t.i32()[j] - 1;  // unit j would end before it starts
  *rp = to_tensor_proto(rp->name(), t);
  EXPECT_THAT(import_error(proto_, "order.onnx"),
              AllOf(HasSubstr("'layer0.dendrites.row_ptr'"), HasSubstr("is not ordered")));
}

TEST_F(DendriticImport, RowPointerNotEndingAtNnz) {
  onnx::TensorProto* rp = initializer(proto_, "layer0.dendrites.row_ptr");
  Tensor t = from_tensor_proto(*rp, "row_ptr");
  t.i32()[t.numel() - 1] -= 1;
  *rp = to_tensor_proto(rp->name(), t);
  EXPECT_THAT(import_error(proto_, "end.onnx"), AllOf(HasSubstr("'layer0.dendrites.row_ptr'"), HasSubstr("expected nnz")));
}

TEST_F(DendriticImport, UnknownAttributeOnCustomNode) {
  for (auto& n : *proto_.mutable_graph()->mutable_node()) {
    if (n.op_type() != somatic_spec().name) continue;
    auto* a = n.add_attribute();
    a->set_name("mode");
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(1);
  }
  EXPECT_THAT(import_error(proto_, "attr.onnx"),
              AllOf(HasSubstr("node 'layer0.somata' (Somatic) has an attribute 'mode'")));
}

TEST_F(DendriticImport, CustomNodeWithWrongInputCount) {
  for (auto& n : *proto_.mutable_graph()->mutable_node())
    if (n.op_type() == dendritic_spec().name) n.mutable_input()->RemoveLast();
  EXPECT_THAT(import_error(proto_, "inputs.onnx"),
              HasSubstr("node 'layer0.dendrites' (Dendritic) has 4 inputs and 1 outputs, expected 5 and 1"));
}

}  // namespace
}  // namespace dendrite
