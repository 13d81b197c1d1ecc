#include "export/onnx_schemas.h"

#include <mutex>

#include <onnx/defs/attr_proto_util.h>
#include <onnx/defs/schema.h>
#include <onnx/defs/shape_inference.h>

#include "export/onnx_tensor.h"

namespace dendrite {

namespace {

using onnx::InferenceContext;
using onnx::TensorShapeProto;

// What ONNX knows of input i's shape, for the spec's shape rule (unknown dimensions: symbols, or
// neither value nor symbol).
ShapeInput shape_input(InferenceContext& ctx, const CustomOpSpec& spec, std::size_t i) {
  ShapeInput in;
  in.name = spec.inputs[i].name;
  in.has_shape = i < ctx.getNumInputs() && onnx::hasInputShape(ctx, i);
  if (!in.has_shape) return in;
  const TensorShapeProto& s = onnx::getInputShape(ctx, i);
  for (const auto& d : s.dim()) in.dims.push_back(d.has_dim_value() ? d.dim_value() : kUnknownDim);
  in.shape = onnx_shape_str(s);
  return in;
}

// The output type: float; the rule's dimensions copied from the inputs' (so the symbol "N" of X
// passes through), left empty where that input's shape is unknown.
void infer_custom_op(const CustomOpSpec& spec, InferenceContext& ctx) {
  onnx::updateOutputElemType(ctx, 0, onnx::TensorProto::FLOAT);
  std::vector<ShapeInput> inputs;
  for (std::size_t i = 0; i < spec.inputs.size(); ++i) inputs.push_back(shape_input(ctx, spec, i));
  const ShapeArgs args(std::move(inputs));
  const std::string problem = shape_error(spec.shape, args);
  if (!problem.empty()) fail_shape_inference(spec.name, ": ", problem);
  TensorShapeProto* y = onnx::getOutputShape(ctx, 0);
  y->clear_dim();
  for (const DimRef& ref : spec.shape.output) {
    TensorShapeProto::Dimension* d = y->add_dim();
    if (args.input(ref.input).has_shape) *d = onnx::getInputShape(ctx, ref.input).dim(static_cast<int>(ref.axis));
  }
}

onnx::AttributeProto default_attribute(const AttrSpec& a) {
  switch (a.type) {
    case AttrType::f32: return onnx::MakeAttribute(a.name, static_cast<float>(a.number));
    case AttrType::i64: return onnx::MakeAttribute(a.name, static_cast<std::int64_t>(a.number));
    case AttrType::string: return onnx::MakeAttribute(a.name, std::string(a.text));
  }
  return {};
}

}  // namespace

onnx::OpSchema custom_op_schema(const CustomOpSpec& spec) {
  onnx::OpSchema s;
  s.SetName(spec.name).SetDomain(kOnnxDomain).SinceVersion(kOnnxDomainVersion).SetDoc(spec.doc);
  bool has_index = false;
  for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
    const bool index = spec.shape.inputs[i].kind == InputKind::index;
    has_index = has_index || index;
    s.Input(static_cast<int>(i), spec.inputs[i].name, spec.inputs[i].doc, index ? "I" : "T");
  }
  s.Output(0, spec.output.name, spec.output.doc, "T");
  s.TypeConstraint("T", {"tensor(float)"}, "values");
  if (has_index) s.TypeConstraint("I", {"tensor(int32)", "tensor(int64)"}, "indices");
  for (const AttrSpec& a : spec.attrs) s.Attr(onnx::OpSchema::Attribute(a.name, a.doc, default_attribute(a)));
  s.TypeAndShapeInferenceFunction([&spec](InferenceContext& ctx) { infer_custom_op(spec, ctx); });
  return s;
}

void register_dendrite_onnx_schemas() {
  static std::once_flag once;
  std::call_once(once, [] {
    // NOTE [domain before schemas]: ONNX 1.12 mis-handles a schema of a domain it does not know
    // (it logs an error and a later lookup crashes), so the domain goes in first.
    auto& domains = onnx::OpSchemaRegistry::DomainToVersionRange::Instance();
    if (domains.Map().count(kOnnxDomain) == 0)
      domains.AddDomainToVersion(kOnnxDomain, kOnnxDomainVersion, kOnnxDomainVersion);
    for (const CustomOpSpec* spec : custom_op_specs())
      if (!onnx::OpSchemaRegistry::Schema(spec->name, kOnnxDomainVersion, kOnnxDomain))
        onnx::RegisterSchema(custom_op_schema(*spec));
  });
}

}  // namespace dendrite
