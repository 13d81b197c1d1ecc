// What an ONNX file holds, checked before anything runs it. ONNX Runtime checks a model's graph,
// but not the values of its initializers: a negative or out-of-range column index, a decreasing
// row pointer or a NaN weight would run without a word (the function bodies of the ai.dendrite
// ops scatter whatever indices they get). These checks name the initializer and the position.
//
//   check_onnx_before_running(read_onnx("model.onnx"), "model.onnx");   // Error, or fine to run
//
// A file exported by dendrite (with the dendrite.model_spec metadata) goes through the importer
// (model_from_onnx): every parameter and constant must be an initializer of the model's shape and
// type, the connectivity a valid CSR of the layer's input width, every weight finite. Other files:
// every float initializer finite, and the int32 CSR initializers of each ai.dendrite Dendritic node
// of consistent lengths, ordered, and with columns in [0, n_in) where the graph declares n_in.
#pragma once

#include <cstdint>
#include <string>

#include <onnx/onnx_pb.h>

#include "framework/core/tensor.h"

namespace dendrite {

void check_onnx_before_running(const onnx::ModelProto& proto, const std::string& source);

// Error "<where> holds nan at index 3; weights must be finite" for the first non-finite value of a
// float tensor; nothing for int32 tensors.
void check_finite_values(const Tensor& t, const std::string& where);

// row_ptr [n_out + 1] and col [nnz], both int32, as a connectivity on n_in inputs (see
// Connectivity::validate). Error "<where> are not a valid connectivity: ...".
void check_csr_indices(const Tensor& row_ptr, const Tensor& col, std::int64_t n_in, const std::string& where);

}  // namespace dendrite
