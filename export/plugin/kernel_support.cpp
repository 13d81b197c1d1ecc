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

TensorArg tensor_arg(const char* name, const Ort::ConstValue& value) {
  TensorArg t;
  t.name = name;
  const Ort::TensorTypeAndShapeInfo info = value.GetTensorTypeAndShapeInfo();
  t.type = info.GetElementType();
  t.shape = info.GetShape();
  t.data = value.GetTensorRawData();
  return t;
}

void check_input(const std::string& label, const CustomOpSpec& spec, std::size_t i, const TensorArg& t) {
  const bool index = spec.shape.inputs[i].kind == InputKind::index;
  const bool type_ok = index ? t.type == ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 || t.type == ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64
                             : t.type == ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT;
  DENDRITE_CHECK(type_ok, "{}: input {} must be {}, got {}", label, t.name, index ? "int32 or int64" : "float",
                 element_type_name(t.type));
  const auto rank = static_cast<std::size_t>(spec.shape.inputs[i].rank);
  DENDRITE_CHECK(t.shape.size() == rank, "{}: input {} must have rank {}, got shape {}", label, t.name, rank,
                 dims_text(t.shape));
}

std::string shape_problem(const CustomOpSpec& spec, const std::vector<TensorArg>& inputs) {
  std::vector<ShapeInput> shapes;
  shapes.reserve(inputs.size());
  for (const TensorArg& t : inputs) shapes.push_back({t.name, true, t.shape, ""});  // shapes printed on error only
  return shape_error(spec.shape, ShapeArgs(std::move(shapes)));
}

KernelInputs::KernelInputs(OrtKernelContext* context, const std::string& label, const CustomOpSpec& spec)
    : context_(context), label_(label), spec_(spec) {
  const std::size_t inputs = context_.GetInputCount();
  DENDRITE_CHECK(inputs == spec_.inputs.size(), "{}: expected {} inputs, got {}", label_, spec_.inputs.size(),
                 inputs);
  const std::size_t outputs = context_.GetOutputCount();
  DENDRITE_CHECK(outputs == 1, "{}: expected 1 output, got {}", label_, outputs);
  inputs_.reserve(inputs);
  for (std::size_t i = 0; i < inputs; ++i) {
    const char* name = spec_.inputs[i].name;
    const Ort::ConstValue v = context_.GetInput(i);
    DENDRITE_CHECK(v != nullptr, "{}: input {} ({}) is missing", label_, i, name);
    DENDRITE_CHECK(v.IsTensor(), "{}: input {} ({}) must be a tensor", label_, i, name);
    inputs_.push_back(tensor_arg(name, v));
    check_input(label_, spec_, i, inputs_.back());
  }
  const std::string problem = shape_problem(spec_, inputs_);
  DENDRITE_CHECK(problem.empty(), "{}: {}", label_, problem);
}

float* KernelInputs::output() const {
  std::vector<std::int64_t> shape;
  for (const DimRef& ref : spec_.shape.output) shape.push_back(inputs_[ref.input].dim(ref.axis));
  Ort::UnownedValue y = context_.GetOutput(0, shape);
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
