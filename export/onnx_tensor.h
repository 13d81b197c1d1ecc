// Conversions between dendrite tensors and ONNX TensorProtos / ValueInfos.
//
//   onnx::TensorProto p = to_tensor_proto("layer0.weight", w);   // raw little-endian bytes
//   Tensor back = from_tensor_proto(p, "'model.onnx': initializer 'layer0.weight'");
//   onnx::ValueInfoProto vi = value_info("x", {{kBatch, 784}, DType::f32});  // dim 0 is "N"
#pragma once

#include <string>

#include <onnx/onnx_pb.h>

#include "framework/core/tensor.h"
#include "ops/op.h"

namespace dendrite {

// The symbolic batch dimension of exported graphs.
inline constexpr const char* kOnnxBatchDim = "N";

int onnx_dtype(DType t);
// "float", "int32", "int64", ... for messages; "type <n>" for unknown codes.
std::string onnx_dtype_name(int data_type);

onnx::TensorProto to_tensor_proto(const std::string& name, const Tensor& t);
// f32 and i32 tensors, stored as raw_data or in float_data / int32_data. Throws Error starting
// with `where` for other types, external data, negative dims or a byte count that does not match.
Tensor from_tensor_proto(const onnx::TensorProto& p, const std::string& where);

// A tensor type with kBatch written as the symbol "N".
onnx::ValueInfoProto value_info(const std::string& name, const TensorType& type);
// "float[N, 10]", "int32[65]", "float[?, ?]", "?" (no type).
std::string onnx_type_str(const onnx::TypeProto& type);
std::string onnx_shape_str(const onnx::TensorShapeProto& shape);

}  // namespace dendrite
