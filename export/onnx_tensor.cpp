#include "export/onnx_tensor.h"

#include <cstring>

#include "framework/core/error.h"

namespace dendrite {

int onnx_dtype(DType t) {
  switch (t) {
    case DType::f32: return onnx::TensorProto::FLOAT;
    case DType::i32: return onnx::TensorProto::INT32;
  }
  DENDRITE_ASSERT(false, "dtype {} has no ONNX type", static_cast<int>(t));
  return 0;
}

std::string onnx_dtype_name(int data_type) {
  switch (data_type) {
    case onnx::TensorProto::FLOAT: return "float";
    case onnx::TensorProto::INT32: return "int32";
    case onnx::TensorProto::INT64: return "int64";
    case onnx::TensorProto::DOUBLE: return "double";
    case onnx::TensorProto::FLOAT16: return "float16";
    case onnx::TensorProto::UINT8: return "uint8";
    case onnx::TensorProto::INT8: return "int8";
    case onnx::TensorProto::BOOL: return "bool";
    case onnx::TensorProto::STRING: return "string";
    default: return fmt::format("type {}", data_type);
  }
}

onnx::TensorProto to_tensor_proto(const std::string& name, const Tensor& t) {
  onnx::TensorProto p;
  p.set_name(name);
  p.set_data_type(onnx_dtype(t.dtype()));
  for (std::int64_t d : t.shape()) p.add_dims(d);
  // raw_data is little-endian, as the machines dendrite runs on.
  p.set_raw_data(t.raw(), t.nbytes());
  return p;
}

namespace {

// Copies `count` elements of a repeated proto field into the tensor, converting the type.
template <typename Src, typename Dst>
void copy_field(const google::protobuf::RepeatedField<Src>& from, Dst* to) {
  for (int i = 0; i < from.size(); ++i) to[i] = static_cast<Dst>(from.Get(i));
}

}  // namespace

Tensor from_tensor_proto(const onnx::TensorProto& p, const std::string& where) {
  DENDRITE_CHECK(p.data_location() != onnx::TensorProto::EXTERNAL,
                 "{}: data in an external file is not supported", where);
  DType dtype;
  if (p.data_type() == onnx::TensorProto::FLOAT) dtype = DType::f32;
  else if (p.data_type() == onnx::TensorProto::INT32) dtype = DType::i32;
  else throw Error(fmt::format("{}: type {} is not supported (float or int32 expected)", where,
                               onnx_dtype_name(p.data_type())));
  Shape shape(p.dims().begin(), p.dims().end());
  for (std::int64_t d : shape) DENDRITE_CHECK(d >= 0, "{}: negative dimension in {}", where, shape_str(shape));
  // The sizes are checked against the data the file holds before anything is allocated: the dims
  // of a malformed file may ask for terabytes.
  std::int64_t numel = 0;
  try {
    numel = shape_numel(shape);
  } catch (const Error& e) {
    throw Error(fmt::format("{}: {}", where, e.what()));
  }
  const std::int64_t stored = p.has_raw_data() ? static_cast<std::int64_t>(p.raw_data().size() / dtype_size(dtype))
                              : dtype == DType::f32 ? p.float_data_size()
                                                    : p.int32_data_size();
  if (p.has_raw_data()) {
    DENDRITE_CHECK(p.raw_data().size() % dtype_size(dtype) == 0 && stored == numel,
                   "{}: {}{} needs {} bytes, the file holds {}", where, onnx_dtype_name(p.data_type()),
                   shape_str(shape), numel > std::int64_t{1} << 60 ? std::string("more than 2^60")
                                                                   : std::to_string(numel * dtype_size(dtype)),
                   p.raw_data().size());
  } else {
    DENDRITE_CHECK(stored == numel, "{}: {}{} needs {} values, the file holds {}", where,
                   onnx_dtype_name(p.data_type()), shape_str(shape), numel, stored);
  }
  Tensor t(shape, dtype);
  if (p.has_raw_data()) {
    if (t.nbytes()) std::memcpy(t.raw(), p.raw_data().data(), t.nbytes());
    return t;
  }
  if (dtype == DType::f32) copy_field(p.float_data(), t.f32());
  else copy_field(p.int32_data(), t.i32());
  return t;
}

onnx::ValueInfoProto value_info(const std::string& name, const TensorType& type) {
  onnx::ValueInfoProto vi;
  vi.set_name(name);
  onnx::TypeProto_Tensor* tensor = vi.mutable_type()->mutable_tensor_type();
  tensor->set_elem_type(onnx_dtype(type.dtype));
  onnx::TensorShapeProto* shape = tensor->mutable_shape();
  for (std::int64_t d : type.shape) {
    if (d == kBatch) shape->add_dim()->set_dim_param(kOnnxBatchDim);
    else shape->add_dim()->set_dim_value(d);
  }
  return vi;
}

std::string onnx_shape_str(const onnx::TensorShapeProto& shape) {
  std::string s = "[";
  for (int i = 0; i < shape.dim_size(); ++i) {
    const auto& d = shape.dim(i);
    s += i ? ", " : "";
    s += d.has_dim_value() ? std::to_string(d.dim_value()) : d.has_dim_param() ? d.dim_param() : "?";
  }
  return s + "]";
}

std::string onnx_type_str(const onnx::TypeProto& type) {
  if (!type.has_tensor_type()) return "?";
  const auto& t = type.tensor_type();
  return onnx_dtype_name(t.elem_type()) + (t.has_shape() ? onnx_shape_str(t.shape()) : "[?]");
}

}  // namespace dendrite
