// dense as ONNX: dense(x [N, in], w [out, in], b [out]) -> Gemm(x, w, b, transB = 1) = x w^T + b
#include <onnx/defs/attr_proto_util.h>

#include "export/onnx_op_mapping.h"

namespace dendrite {

void emit_dense(OnnxNodeWriter& w) {
  onnx::NodeProto& n = w.add("Gemm", {w.input(0), w.input(1), w.input(2)}, {w.output(0)});
  *n.add_attribute() = onnx::MakeAttribute("transB", static_cast<std::int64_t>(1));
}

}  // namespace dendrite
