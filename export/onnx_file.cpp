// Reading and writing ONNX files (declared in onnx_export.h).
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include "export/onnx_export.h"
#include "framework/core/error.h"

namespace dendrite {

void save_onnx(const onnx::ModelProto& model, const std::string& path) {
  std::string bytes;
  DENDRITE_CHECK(model.SerializeToString(&bytes), "cannot write '{}': the model does not serialise (over 2 GB?)",
                 path);
  const std::string tmp = fmt::format("{}.tmp.{}", path, ::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    DENDRITE_CHECK(out.good(), "cannot write '{}': {}", path, std::strerror(errno));
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out.good()) {
      const int err = errno;
      std::remove(tmp.c_str());
      throw Error(fmt::format("cannot write '{}': {}", path, std::strerror(err)));
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    std::remove(tmp.c_str());
    throw Error(fmt::format("cannot write '{}': {}", path, std::strerror(err)));
  }
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
