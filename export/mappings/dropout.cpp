// dropout as ONNX: the identity at inference, so the output is the input and no node is written.
#include "export/onnx_op_mapping.h"

namespace dendrite {

void emit_dropout(OnnxNodeWriter& w) { w.alias_output(0, w.input(0)); }

}  // namespace dendrite
