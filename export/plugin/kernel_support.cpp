#include "export/plugin/kernel_support.h"

#include <exception>
#include <vector>

namespace dendrite::plugin {

std::string element_type_name(ONNXTensorElementDataType type) {
  switch (type) {
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT: return "float";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE: return "double";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16: return "float16";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16: return "bfloat16";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8: return "int8";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8: return "uint8";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16: return "int16";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16: return "uint16";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32: return "int32";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32: return "uint32";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64: return "int64";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64: return "uint64";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL: return "bool";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING: return "string";
    default: return fmt::format("type {}", static_cast<int>(type));
  }
}

std::string node_label(const char* op, const OrtKernelInfo* info) {
  const Ort::ConstKernelInfo k(info);
  std::string name = k.GetNodeName();
  if (name.empty()) return fmt::format("{} node producing '{}'", op, k.GetOutputName(0));
  return fmt::format("{} node '{}'", op, name);
}

std::int64_t TensorArg::numel() const {
  std::int64_t n = 1;
  for (std::int64_t d : shape) n *= d;
  return n;
}

std::string shape_string(const std::vector<std::int64_t>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

KernelInputs::KernelInputs(OrtKernelContext* context, const std::string& label,
                           std::initializer_list<const char*> names)
    : context_(context), label_(label), names_(names) {
  const std::size_t inputs = context_.GetInputCount();
  DENDRITE_CHECK(inputs == names_.size(), "{}: expected {} inputs, got {}", label_, names_.size(),
                 inputs);
  const std::size_t outputs = context_.GetOutputCount();
  DENDRITE_CHECK(outputs == 1, "{}: expected 1 output, got {}", label_, outputs);
}

TensorArg tensor_arg(const char* name, const Ort::ConstValue& value) {
  TensorArg t;
  t.name = name;
  const Ort::TensorTypeAndShapeInfo info = value.GetTensorTypeAndShapeInfo();
  t.type = info.GetElementType();
  t.shape = info.GetShape();
  t.data = value.GetTensorRawData();
  return t;
}

void check_tensor(const std::string& label, const TensorArg& t, std::size_t rank,
                  std::initializer_list<ONNXTensorElementDataType> types) {
  bool type_ok = false;
  std::string expected;
  for (ONNXTensorElementDataType allowed : types) {
    type_ok = type_ok || t.type == allowed;
    expected += (expected.empty() ? "" : " or ") + element_type_name(allowed);
  }
  DENDRITE_CHECK(type_ok, "{}: input {} must be {}, got {}", label, t.name, expected,
                 element_type_name(t.type));
  DENDRITE_CHECK(t.shape.size() == rank, "{}: input {} must have rank {}, got shape {}", label,
                 t.name, rank, shape_string(t.shape));
}

TensorArg KernelInputs::tensor(std::size_t i, std::size_t rank,
                               std::initializer_list<ONNXTensorElementDataType> types) const {
  const char* name = names_.at(i);
  const Ort::ConstValue v = context_.GetInput(i);
  DENDRITE_CHECK(v != nullptr, "{}: input {} ({}) is missing", label_, i, name);
  DENDRITE_CHECK(v.IsTensor(), "{}: input {} ({}) must be a tensor", label_, i, name);
  TensorArg t = tensor_arg(name, v);
  check_tensor(label_, t, rank, types);
  return t;
}

float* KernelInputs::output(std::size_t i, const std::vector<std::int64_t>& shape) const {
  Ort::UnownedValue y = context_.GetOutput(i, shape);
  return y.GetTensorMutableData<float>();
}

float* thread_scratch(std::size_t floats) noexcept {
  static thread_local std::vector<float> scratch;
  try {
    if (scratch.size() < floats) scratch.resize(floats);
  } catch (...) {
    return nullptr;
  }
  return scratch.data();
}

namespace {
// "<label>: <what>" as a status; just `what` when the longer message cannot be allocated.
OrtStatusPtr labelled_status(OrtErrorCode code, const char* label, const char* what) noexcept {
  const OrtApi& api = Ort::GetApi();
  try {
    return api.CreateStatus(code, (std::string(label) + ": " + what).c_str());
  } catch (...) {
    return api.CreateStatus(code, what);
  }
}
}  // namespace

OrtStatusPtr status_from_current_exception(const char* label) noexcept {
  const OrtApi& api = Ort::GetApi();
  try {
    throw;
  } catch (const InternalError& e) {
    return api.CreateStatus(ORT_FAIL, e.what());
  } catch (const Error& e) {
    return api.CreateStatus(ORT_INVALID_ARGUMENT, e.what());
  } catch (const Ort::Exception& e) {
    return labelled_status(e.GetOrtErrorCode(), label, e.what());
  } catch (const std::exception& e) {
    return labelled_status(ORT_FAIL, label, e.what());
  } catch (...) {
    return labelled_status(ORT_FAIL, label, "unknown exception");
  }
}

}  // namespace dendrite::plugin
