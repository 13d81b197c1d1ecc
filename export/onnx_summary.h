// A readable summary of an ONNX file: metadata, inputs and outputs, and one row per node (name,
// op type and domain, input and output types from shape inference, parameter counts). Used by
// `dendrite inspect`; works on any ONNX model, not only dendrite's.
//
//   OnnxSummary s = summarize_onnx(read_onnx("model.onnx"));
//   std::fputs(format_onnx_summary(s).c_str(), stdout);
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <onnx/onnx_pb.h>

namespace dendrite {

struct OnnxNodeSummary {
  std::string name;
  std::string op;                         // "Gemm", "ai.dendrite.Dendritic"
  std::vector<std::string> inputs;        // types of the inputs that are not initializers
  std::vector<std::string> outputs;       // types of the outputs
  std::vector<std::string> initializers;  // "layer0.weight float[32, 64]"
  std::vector<std::string> attributes;    // "alpha=0.1", "dendrite_activation=leaky_relu"
  std::int64_t parameters = 0;            // float initializer elements the node reads
  std::int64_t index_elements = 0;        // integer initializer elements (connectivity)
};

struct OnnxSummary {
  std::int64_t ir_version = 0;
  std::string producer;                                      // "dendrite 0.1.0"
  std::vector<std::string> opsets;                           // "ai.onnx 17", "ai.dendrite 1"
  std::vector<std::pair<std::string, std::string>> metadata;
  std::vector<std::string> inputs, outputs;                  // "x float[N, 784]"
  std::vector<std::string> functions;                        // "ai.dendrite.Dendritic (24 nodes)"
  std::vector<OnnxNodeSummary> nodes;                        // Constant nodes left out
  std::int64_t parameters = 0;                               // float initializer elements
  std::int64_t index_elements = 0;                           // integer initializer elements
};

// Runs (non-strict) shape inference on a copy to learn intermediate types.
OnnxSummary summarize_onnx(const onnx::ModelProto& model);
std::string format_onnx_summary(const OnnxSummary& s);

}  // namespace dendrite
