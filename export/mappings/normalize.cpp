// normalize (the input stage) as ONNX: Div(Sub(x, mean), std), the same two float operations per
// element as the framework's kernel, with the statistics as initializers (broadcast over the batch,
// and over the features when they are one pair of shape [1]).
#include "export/onnx_op_mapping.h"

namespace dendrite {

void emit_normalize(OnnxNodeWriter& w) {
  const std::string centered = w.temp("centered");
  w.add("Sub", {w.input(0), w.input(1)}, {centered}, "centered");
  w.add("Div", {centered, w.input(2)}, {w.output(0)});
}

}  // namespace dendrite
