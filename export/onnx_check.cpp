// check_onnx_model (declared in onnx_export.h): the ONNX checker, strict shape inference, and a
// comparison of what inference finds with the types the exporter wrote.
#include <map>

#include <onnx/checker.h>
#include <onnx/shape_inference/implementation.h>

#include "export/onnx_export.h"
#include "export/onnx_schemas.h"
#include "export/onnx_tensor.h"
#include "framework/core/error.h"

namespace dendrite {

namespace {

std::string model_label(const onnx::ModelProto& m) {
  return m.has_graph() && !m.graph().name().empty() ? "'" + m.graph().name() + "'" : "(unnamed)";
}

// The model with every declared intermediate and output shape removed (element types stay), so
// that shape inference has to find them itself.
onnx::ModelProto without_shapes(const onnx::ModelProto& model) {
  onnx::ModelProto m = model;
  m.mutable_graph()->clear_value_info();
  for (auto& out : *m.mutable_graph()->mutable_output())
    if (out.type().has_tensor_type()) out.mutable_type()->mutable_tensor_type()->clear_shape();
  return m;
}

// The declared logits type (check_onnx_model has made sure inference agrees with it).
void check_logits(const onnx::ModelProto& model) {
  const onnx::ValueInfoProto* logits = nullptr;
  for (const auto& out : model.graph().output())
    if (out.name() == "logits") logits = &out;
  DENDRITE_CHECK(logits != nullptr, "ONNX model {}: no output named 'logits'", model_label(model));
  const auto& t = logits->type().tensor_type();
  const bool ok = t.elem_type() == onnx::TensorProto::FLOAT && t.shape().dim_size() == 2 &&
                  t.shape().dim(0).dim_param() == kOnnxBatchDim && t.shape().dim(1).dim_value() > 0;
  DENDRITE_CHECK(ok, "ONNX model {}: output 'logits' is {}, expected float[N, classes]", model_label(model),
                 onnx_type_str(logits->type()));
}

}  // namespace

void check_onnx_model(const onnx::ModelProto& model) {
  register_dendrite_onnx_schemas();
  try {
    onnx::checker::check_model(model);
  } catch (const std::exception& e) {
    throw Error(fmt::format("ONNX checker rejects the model {}: {}", model_label(model), e.what()));
  }
  onnx::ModelProto inferred_model = without_shapes(model);
  try {
    const onnx::ShapeInferenceOptions strict(/*check_type=*/true, /*error_mode=*/1, /*data_prop=*/false);
    onnx::shape_inference::InferShapes(inferred_model, onnx::OpSchemaRegistry::Instance(), strict);
  } catch (const std::exception& e) {
    throw Error(fmt::format("ONNX shape inference fails on the model {}: {}", model_label(model), e.what()));
  }
  std::map<std::string, std::string> inferred;
  for (const auto& vi : inferred_model.graph().value_info()) inferred[vi.name()] = onnx_type_str(vi.type());
  for (const auto& vi : inferred_model.graph().output()) inferred[vi.name()] = onnx_type_str(vi.type());

  auto compare = [&](const onnx::ValueInfoProto& declared) {
    const auto it = inferred.find(declared.name());
    DENDRITE_CHECK(it != inferred.end(), "ONNX model {}: shape inference finds no type for '{}'",
                   model_label(model), declared.name());
    DENDRITE_CHECK(it->second == onnx_type_str(declared.type()),
                   "ONNX model {}: '{}' is declared {} but shape inference finds {}", model_label(model),
                   declared.name(), onnx_type_str(declared.type()), it->second);
  };
  for (const auto& vi : model.graph().value_info()) compare(vi);
  for (const auto& vi : model.graph().output()) compare(vi);
  check_logits(model);
}

}  // namespace dendrite
