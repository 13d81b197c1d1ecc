#include "export/onnx_validate.h"

#include <cmath>
#include <limits>
#include <map>

#include "export/onnx_import.h"
#include "export/onnx_metadata.h"
#include "export/onnx_tensor.h"
#include "export/specs/dendritic_spec.h"
#include "framework/core/error.h"
#include "framework/model/connectivity.h"

namespace dendrite {

void check_finite_values(const Tensor& t, const std::string& where) {
  if (t.dtype() != DType::f32) return;
  const float* x = t.f32();
  for (std::int64_t i = 0; i < t.numel(); ++i) {
    if (!std::isfinite(x[i]))
      throw Error(fmt::format("{} holds {} at index {}; weights must be finite", where, x[i], i));
  }
}

void check_csr_indices(const Tensor& row_ptr, const Tensor& col, std::int64_t n_in, const std::string& where) {
  DENDRITE_CHECK(row_ptr.dtype() == DType::i32 && col.dtype() == DType::i32 && row_ptr.shape().size() == 1 &&
                     col.shape().size() == 1 && row_ptr.numel() >= 1,
                 "{} are not a valid connectivity: expected int32[n_out + 1] and int32[nnz], got {} and {}", where,
                 type_str({row_ptr.shape(), row_ptr.dtype()}), type_str({col.shape(), col.dtype()}));
  Connectivity c;
  c.n_in = n_in;
  c.n_out = row_ptr.numel() - 1;
  c.row_ptr.assign(row_ptr.i32(), row_ptr.i32() + row_ptr.numel());
  c.col.assign(col.i32(), col.i32() + col.numel());
  try {
    c.validate();
  } catch (const Error& e) {
    throw Error(fmt::format("{} are not a valid connectivity: {}", where, e.what()));
  }
}

namespace {

// The declared width (dim 1) of a value of the graph, or -1.
std::int64_t declared_width(const onnx::GraphProto& g, const std::string& name) {
  const auto width = [](const onnx::ValueInfoProto& vi) -> std::int64_t {
    const auto& t = vi.type().tensor_type();
    if (!t.has_shape() || t.shape().dim_size() != 2 || !t.shape().dim(1).has_dim_value()) return -1;
    return t.shape().dim(1).dim_value();
  };
  for (const auto& vi : g.input())
    if (vi.name() == name) return width(vi);
  for (const auto& vi : g.value_info())
    if (vi.name() == name) return width(vi);
  return -1;
}

// A file not exported by dendrite: its weights and the CSR initializers of its Dendritic nodes.
void check_foreign_file(const onnx::ModelProto& proto, const std::string& source) {
  const onnx::GraphProto& g = proto.graph();
  std::map<std::string, const onnx::TensorProto*> initializers;
  for (const auto& t : g.initializer()) {
    initializers.emplace(t.name(), &t);
    if (t.data_type() != onnx::TensorProto::FLOAT) continue;
    const std::string where = fmt::format("'{}': initializer '{}'", source, t.name());
    check_finite_values(from_tensor_proto(t, where), where);
  }
  for (const auto& node : g.node()) {
    const CustomOpSpec& spec = dendritic_spec();
    if (node.domain() != kOnnxDomain || node.op_type() != spec.name ||
        node.input_size() != static_cast<int>(spec.inputs.size()))
      continue;  // other nodes, and malformed ones ORT refuses by itself
    const int row_ptr_input = static_cast<int>(kRowPtrInput), col_input = static_cast<int>(kColInput);
    const auto row_ptr = initializers.find(node.input(row_ptr_input)), col = initializers.find(node.input(col_input));
    if (row_ptr == initializers.end() || col == initializers.end()) continue;  // computed indices: the plugin checks
    const auto is_i32 = [](const onnx::TensorProto* t) { return t->data_type() == onnx::TensorProto::INT32; };
    if (!is_i32(row_ptr->second) || !is_i32(col->second)) continue;  // int64 indices: the plugin checks them
    const std::string where = fmt::format("'{}': initializers '{}' and '{}' of node '{}'", source,
                                          node.input(row_ptr_input), node.input(col_input), node.name());
    const std::int64_t width = declared_width(g, node.input(0));
    check_csr_indices(from_tensor_proto(*row_ptr->second, where), from_tensor_proto(*col->second, where),
                      width > 0 ? width : std::numeric_limits<std::int32_t>::max(), where);
  }
}

}  // namespace

void check_onnx_before_running(const onnx::ModelProto& proto, const std::string& source) {
  if (find_metadata(proto, kModelSpecKey).has_value()) {
    model_from_onnx(proto, source);  // the importer checks everything it rebuilds
    return;
  }
  check_foreign_file(proto, source);
}

}  // namespace dendrite
