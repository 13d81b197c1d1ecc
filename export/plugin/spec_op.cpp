#include "export/plugin/spec_op.h"

namespace dendrite::plugin {

OrtStatusPtr infer_output_shape(const CustomOpSpec& spec, OrtShapeInferContext* context) noexcept {
  try {
    Ort::ShapeInferContext c(&Ort::GetApi(), context);
    if (c.GetInputCount() != spec.inputs.size()) return nullptr;
    std::vector<ShapeInput> inputs;
    for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
      ShapeInput in{spec.inputs[i].name, true, {}, ""};
      for (const auto& d : c.GetInputShape(i)) in.dims.push_back(d.IsInt() ? d.AsInt() : kUnknownDim);
      inputs.push_back(std::move(in));
    }
    if (!shape_error(spec.shape, ShapeArgs(inputs)).empty()) return nullptr;
    Ort::ShapeInferContext::Shape y;
    for (const DimRef& ref : spec.shape.output) y.push_back(c.GetInputShape(ref.input).at(ref.axis));
    c.SetOutputShape(0, y);
  } catch (...) {  // best effort: shapes are checked when the kernel runs
  }
  return nullptr;
}

}  // namespace dendrite::plugin
