// Reading and writing ONNX files (declared in onnx_export.h).
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "export/onnx_export.h"
#include "framework/core/error.h"
#include "framework/core/file_io.h"

namespace dendrite {

void save_onnx(const onnx::ModelProto& model, const std::string& path) {
  std::string bytes;
  DENDRITE_CHECK(model.SerializeToString(&bytes), "cannot write '{}': the model does not serialise (over 2 GB?)",
                 path);
  write_file_atomic(path, bytes);
}

onnx::ModelProto read_onnx(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  DENDRITE_CHECK(in.good(), "cannot read '{}': {}", path, std::strerror(errno));
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  DENDRITE_CHECK(!in.bad(), "cannot read '{}': {}", path, std::strerror(errno));
  DENDRITE_CHECK(!bytes.empty(), "'{}' is empty, not an ONNX model", path);
  onnx::ModelProto model;
  DENDRITE_CHECK(model.ParseFromString(bytes), "'{}' is not a valid ONNX model (truncated or corrupt; {} bytes)",
                 path, bytes.size());
  DENDRITE_CHECK(model.has_graph(), "'{}' is not a valid ONNX model: it has no graph", path);
  return model;
}

}  // namespace dendrite
