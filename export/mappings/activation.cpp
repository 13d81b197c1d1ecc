// The activation op as ONNX (opset 17): the nodes of the kind's ONNX form (ops/activation_table.h).
// Kinds with an ONNX op map to it; gelu (no Gelu op before opset 20) and silu are written out from
// their formulas.
#include <map>

#include <onnx/defs/attr_proto_util.h>

#include "export/onnx_op_mapping.h"
#include "framework/core/error.h"
#include "ops/activation_kind.h"

namespace dendrite {

void emit_activation(OnnxNodeWriter& w) {
  const Activation a = activation_from_attrs(w.node().attrs);
  const OnnxForm& form = activation_row(a.kind).onnx;
  if (!form.steps[0].op)
    throw Error(fmt::format("activation kind '{}' has no ONNX form", activation_name(a.kind)));
  // The value names the steps read: "x", the constants, the earlier steps' outputs.
  std::map<std::string, std::string> values{{"x", w.input(0)}};
  for (const OnnxConstant& c : form.constants)
    if (c.name) values[c.name] = w.scalar(c.name, c.value);
  auto value = [&](const char* name) -> const std::string& {
    const auto it = values.find(name);
    DENDRITE_ASSERT(it != values.end(), "activation {}: the ONNX form reads '{}' before it is written",
                    activation_name(a.kind), name);
    return it->second;
  };
  for (std::size_t i = 0; i < kMaxOnnxSteps && form.steps[i].op; ++i) {
    const OnnxStep& step = form.steps[i];
    const bool last = i + 1 == kMaxOnnxSteps || !form.steps[i + 1].op;
    std::vector<std::string> inputs;
    for (const char* in : step.inputs)
      if (in) inputs.push_back(value(in));
    const std::string output = last ? w.output(0) : w.temp(step.output);
    onnx::NodeProto& node = w.add(step.op, inputs, {output}, last ? "" : step.output);
    if (step.alpha) *node.add_attribute() = onnx::MakeAttribute("alpha", a.alpha);
    if (!last) values[step.output] = output;
  }
}

}  // namespace dendrite
